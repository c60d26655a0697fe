import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';
import type { MessagingOptions } from './messaging-options';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through Nest's logger; rebalance chatter below WARN is dropped. */
function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const method = LEVELS[level] ?? 'log';
      logger[method](`${message} ${JSON.stringify({ broker: extra.broker, groupId: extra.groupId, error: extra.error })}`);
    };
}

/** One kafkajs client per purpose; retries are bounded so a dead broker surfaces as an error, not a hang. */
export function createKafka(options: MessagingOptions, purpose: string, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: `paspoort-${options.service}-${purpose}-${options.instanceId}`,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 200, maxRetryTime: 3000, retries: 5 },
    ...extra,
  });
}
