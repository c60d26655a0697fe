import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { ensureTopics } from '@paspoort/messaging';
import { eventKey, EVENT_TOPIC, type EventEnvelope, type StateValueBase } from '@paspoort/contracts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (global setup starts a broker)');
  return brokers.split(',');
}

/** A topic prefix unique to one test, so tests never see each other's messages. */
export function uniqueTopicPrefix(label = 't'): string {
  return `${label}${randomBytes(4).toString('hex')}.`;
}

export function testKafka(brokers = testBrokers()): Kafka {
  return new Kafka({
    clientId: `test-${randomBytes(3).toString('hex')}`,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 100 },
  });
}

/** Publishes events and state values as another service would (topics created with the prefix first). */
export class TestPublisher {
  private readonly kafka: Kafka;
  private producer = this.lazyProducer();

  constructor(
    private readonly prefix: string,
    brokers = testBrokers(),
  ) {
    this.kafka = testKafka(brokers);
  }

  async ensureTopics(): Promise<void> {
    await ensureTopics(this.kafka, this.prefix, 1);
  }

  async event(event: EventEnvelope): Promise<void> {
    await this.raw(EVENT_TOPIC[event.type], eventKey(event), JSON.stringify(event));
  }

  async state(topic: string, value: StateValueBase): Promise<void> {
    await this.raw(topic, value.key, JSON.stringify(value));
  }

  /** Any bytes on a contract topic (for poison-message tests). */
  async raw(topic: string, key: string, value: string | Buffer): Promise<void> {
    const producer = await this.producer;
    await producer.send({ topic: `${this.prefix}${topic}`, acks: -1, messages: [{ key, value }] });
  }

  async close(): Promise<void> {
    await (await this.producer).disconnect();
  }

  private async lazyProducer() {
    await Promise.resolve();
    const producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    return producer;
  }
}

/** Reads a topic from the beginning until `until` holds for the messages seen (or the timeout passes). */
export async function readTopic(
  topic: string,
  until: (messages: KafkaMessage[]) => boolean,
  { timeoutMs = 20000, brokers = testBrokers() }: { timeoutMs?: number; brokers?: string[] } = {},
): Promise<KafkaMessage[]> {
  const consumer = testKafka(brokers).consumer({
    groupId: `test-read-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
    sessionTimeout: 6000,
  });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message);
        if (until(messages)) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

export function jsonValues<T = unknown>(messages: KafkaMessage[]): T[] {
  return messages.map((m) => JSON.parse(m.value?.toString() ?? 'null') as T);
}
