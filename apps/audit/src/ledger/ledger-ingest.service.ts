import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVENT_TOPICS, TOPICS } from '@paspoort/contracts';
import { contractTopic, createKafka, DeadLetterPublisher, MESSAGING_OPTIONS, topicName, type MessagingOptions } from '@paspoort/messaging';
import { ReadinessRegistry } from '@paspoort/service-kit';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit.config';
import { BatchAppender } from './batch-appender';
import { LedgerLeadership } from './ledger-leadership';
import { LedgerMetrics } from './ledger-metrics';
import { LedgerWriter } from './ledger-writer';

const LEADERSHIP_CHECK_MS = 1000;

/** Every event topic of the contract except the audit's own checkpoints (a new event topic is picked up as is). */
export function ledgerTopics(): string[] {
  return EVENT_TOPICS.filter((t) => t !== TOPICS.auditCheckpoints);
}

/**
 * The ledger writer: the instance holding the writer lock consumes every event topic in batches (one transaction
 * per batch) and signs checkpoints on a timer; the others wait to take over.
 */
@Injectable()
export class LedgerIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LedgerIngestService.name);
  private readonly leadership: LedgerLeadership;
  private readonly appender: BatchAppender;
  private consumer?: Consumer;
  private joined = false;
  private running = false;
  private loop?: Promise<void>;
  private lastCheckpointAt = Date.now();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly writer: LedgerWriter,
    private readonly metrics: LedgerMetrics,
    deadLetters: DeadLetterPublisher,
    readiness: ReadinessRegistry,
  ) {
    this.leadership = new LedgerLeadership(dataSource, config.common.schema);
    this.appender = new BatchAppender(writer, deadLetters, () => this.running && this.leadership.held);
    readiness.register('ledger-writer', () => !this.leadership.held || (this.joined && this.appender.pausedSince === undefined));
  }

  get isWriter(): boolean {
    return this.leadership.held;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.stopConsumer();
    await this.leadership.release();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const leading = await this.leadership.ensure();
        this.metrics.writer.set(leading ? 1 : 0);
        if (leading && !this.consumer) await this.startConsumer();
        if (!leading && this.consumer) await this.stopConsumer();
        if (leading) await this.checkpointOnTime();
      } catch (error) {
        this.logger.warn(`ledger writer: ${(error as Error).message}; retrying`);
      }
      await new Promise((r) => setTimeout(r, LEADERSHIP_CHECK_MS));
    }
  }

  private async checkpointOnTime(): Promise<void> {
    if (Date.now() - this.lastCheckpointAt < this.config.ledger.checkpointSeconds * 1000) return;
    await this.writer.checkpointIfMoved();
    this.lastCheckpointAt = Date.now();
  }

  private async startConsumer(): Promise<void> {
    const prefix = this.options.topicPrefix;
    const consumer = createKafka(this.options, 'ledger').consumer({
      groupId: `paspoort-audit${prefix ? `-${prefix}` : ''}`,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 10000,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 4 * 1024 * 1024,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.GROUP_JOIN, () => (this.joined = true));
    consumer.on(consumer.events.CRASH, () => (this.joined = false));
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: ledgerTopics().map((t) => topicName(this.options, t)), fromBeginning: true });
    await consumer.run({ eachBatchAutoResolve: false, autoCommit: true, eachBatch: (payload) => this.ingestBatch(payload) });
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.joined = false;
    await consumer?.disconnect().catch(() => undefined);
  }

  private async ingestBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const source = { topic: batch.topic, contractTopic: contractTopic(this.options, batch.topic), partition: batch.partition };
    const size = this.config.ledger.ingestBatch;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (!isRunning() || isStale() || !this.leadership.held) return;
      const chunk = batch.messages.slice(start, start + size);
      const timer = this.metrics.batchSeconds.startTimer();
      const result = await this.appender.appendMessages(source, chunk, heartbeat);
      timer();
      if (!result) return;
      this.metrics.recordAppend(source.contractTopic, result.appended, chunk.length, result.head.sequence);
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
    this.metrics.consumerLag.set({ topic: source.contractTopic, partition: String(batch.partition) }, Number(batch.offsetLag()));
  }
}
