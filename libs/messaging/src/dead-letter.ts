import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { dlqTopic } from '@paspoort/contracts';
import type { Producer } from 'kafkajs';
import { createKafka } from './kafka-factory';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { MessagingMetrics } from './messaging-metrics';

export interface DeadLetter {
  /** Physical topic the message came from. */
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  reason: string;
  consumer: string;
}

/** Sends a message a consumer could not accept to `<topic>.dlq`, with the reason in headers. */
@Injectable()
export class DeadLetterPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(DeadLetterPublisher.name);
  private producer?: Promise<Producer>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly metrics: MessagingMetrics,
  ) {}

  async send(letter: DeadLetter): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({
      topic: dlqTopic(letter.topic),
      acks: -1,
      messages: [
        {
          key: letter.key,
          value: letter.value,
          headers: {
            'paspoort-dlq-reason': letter.reason.slice(0, 1000),
            'paspoort-dlq-consumer': letter.consumer,
            'paspoort-dlq-source': `${letter.topic}/${letter.partition}/${letter.offset}`,
          },
        },
      ],
    });
    this.metrics.deadLettered.inc({ topic: letter.topic });
    this.logger.warn(`dead-lettered ${letter.topic}/${letter.partition}/${letter.offset}: ${letter.reason}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer).disconnect().catch(() => undefined);
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = createKafka(this.options, 'dlq').producer({ allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}
