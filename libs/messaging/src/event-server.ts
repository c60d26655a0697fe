import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { ContractViolation, parseEvent, type EventEnvelope } from '@paspoort/contracts';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { DeadLetterPublisher } from './dead-letter';
import { createKafka } from './kafka-factory';
import { contractTopic, topicName, type MessagingOptions } from './messaging-options';
import type { MessagingMetrics } from './messaging-metrics';
import { isTransientError, PoisonMessage } from './transient-error';

/** The Kafka coordinates of the event being handled (second argument of every event handler). */
export class EventContext extends BaseRpcContext<[topic: string, partition: number, offset: string]> {
  get topic(): string {
    return this.args[0];
  }
}

const MAX_BUG_ATTEMPTS = 3;

/**
 * The Kafka side of every hybrid app: subscribes the contract topics named by `@EventPattern` handlers (with the
 * deployment's topic prefix), validates each event against libs/contracts, and never blocks a partition on a bad
 * message: poison goes to `<topic>.dlq`; a transient failure (database away) pauses, backs off and resumes.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaEventServer.name);
  private consumer?: Consumer;
  private stopping = false;
  private pausedSince?: number;
  private joined = false;

  constructor(
    private readonly options: MessagingOptions,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: MessagingMetrics,
  ) {
    super();
  }

  /** Ready means joined to the group and not paused by a failing dependency. */
  get healthy(): boolean {
    return this.messageHandlers.size === 0 || (this.joined && this.pausedSince === undefined);
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await this.startConsumer(topics);
    callback();
  }

  private async startConsumer(topics: string[]): Promise<void> {
    const kafka = createKafka(this.options, 'events');
    const consumer = kafka.consumer({
      groupId: `paspoort-${this.options.service}${this.options.topicPrefix ? `-${this.options.topicPrefix}` : ''}`,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 10000,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.GROUP_JOIN, () => (this.joined = true));
    consumer.on(consumer.events.CRASH, () => (this.joined = false));
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => topicName(this.options, t)), fromBeginning: true });
    await consumer.run({ eachMessage: (payload) => this.handleMessage(payload) });
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
  }

  on(): never {
    throw new Error('KafkaEventServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async handleMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const pattern = contractTopic(this.options, topic);
    const handler = this.getHandlerByPattern(pattern);
    const deadLetter = (reason: string) =>
      this.deadLetters.send({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        reason,
        consumer: this.options.service,
      });
    let event: EventEnvelope;
    try {
      event = parseEvent(message.value ?? '');
    } catch (error) {
      return deadLetter((error as Error).message);
    }
    if (!handler) return;
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await lastValueFrom(this.transformToObservable(await handler(event, new EventContext([topic, partition, message.offset]))), {
          defaultValue: undefined,
        });
        this.metrics.consumed.inc({ topic: pattern });
        this.resume();
        return;
      } catch (error) {
        if (error instanceof PoisonMessage || error instanceof ContractViolation) return deadLetter(error.message);
        if (!isTransientError(error) && attempt >= MAX_BUG_ATTEMPTS) return deadLetter(`handler failed: ${(error as Error).message}`);
        await this.pause(error as Error, attempt, heartbeat);
      }
    }
  }

  private async pause(error: Error, attempt: number, heartbeat: () => Promise<void>): Promise<void> {
    this.pausedSince ??= Date.now();
    this.metrics.consumerPaused.set(1);
    if (attempt === 1 || attempt % 10 === 0) this.log.warn(`consumption paused (attempt ${attempt}): ${error.message}`);
    await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** Math.min(attempt, 5), 5000)));
    await heartbeat().catch(() => undefined);
  }

  private resume(): void {
    if (this.pausedSince === undefined) return;
    this.log.log(`consumption resumed after ${Date.now() - this.pausedSince} ms`);
    this.pausedSince = undefined;
    this.metrics.consumerPaused.set(0);
  }
}
