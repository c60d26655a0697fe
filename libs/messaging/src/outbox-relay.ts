import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import type { DataSource, QueryRunner } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { createKafka } from './kafka-factory';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { outboxChannel } from './outbox';
import { MessagingMetrics } from './messaging-metrics';
import { StateTopicRestorer } from './state-topic-restorer';

const BATCH = 500;
const IDLE_WAIT_MS = 1000;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
}

/**
 * Publishes outbox rows in id order with acks=-1 and one request in flight. One relay per service is active
 * (session advisory lock held on a dedicated connection), so per-key order holds with several instances.
 * A broker outage only delays: rows stay unsent and are retried in order. Before it publishes (on becoming the
 * leader, after any failure, and every `stateCheckIntervalMs`) it lets the StateTopicRestorer refill state topics the
 * broker has lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private lockRunner?: QueryRunner;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private leader = false;
  private stateCheckDue = true;
  private lastStateCheck = 0;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MessagingMetrics,
    private readonly restorer: StateTopicRestorer,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    await this.releaseLeadership();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.ensureLeadership())) {
          await this.sleep(2000);
          continue;
        }
        await this.restoreLostStateTopics();
        const published = await this.publishBatch();
        if (published === 0) await this.sleep(IDLE_WAIT_MS);
      } catch (error) {
        this.logger.warn(`outbox relay: ${(error as Error).message}; retrying`);
        this.metrics.relayErrors.inc();
        this.stateCheckDue = true;
        await this.resetProducer();
        await this.sleep(1000);
      }
    }
  }

  private async publishBatch(): Promise<number> {
    const schema = this.options.schema;
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, topic, message_key, payload FROM "${schema}".outbox WHERE sent_at IS NULL ORDER BY id LIMIT ${BATCH}`,
    );
    this.metrics.outboxPending.set(rows.length);
    if (rows.length === 0) return 0;
    const producer = await this.getProducer();
    await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows) });
    await this.dataSource.query(`UPDATE "${schema}".outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    this.metrics.outboxPublished.inc(rows.length);
    return rows.length;
  }

  /**
   * Runs before any publishing, so a value written meanwhile never lands in an empty topic ahead of the restore (which
   * would make the topic look intact). A failed check is a relay failure: nothing is published until it passes.
   */
  private async restoreLostStateTopics(): Promise<void> {
    const interval = this.options.stateCheckIntervalMs ?? 60_000;
    if (!this.stateCheckDue && Date.now() - this.lastStateCheck < interval) return;
    await this.restorer.restoreLostTopics();
    this.stateCheckDue = false;
    this.lastStateCheck = Date.now();
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = createKafka(this.options, 'outbox').producer({
      maxInFlightRequests: 1,
      idempotent: false,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /** Holds the service-wide relay lock on a dedicated connection; losing the connection loses leadership. */
  private async ensureLeadership(): Promise<boolean> {
    if (this.leader && this.lockRunner) {
      try {
        await this.lockRunner.query('SELECT 1');
        return true;
      } catch {
        await this.releaseLeadership();
      }
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
      `paspoort:outbox:${this.options.schema}`,
    ]);
    if (!locked) {
      await runner.release();
      return false;
    }
    const client = (runner as unknown as { databaseConnection: { on(e: string, f: () => void): void } }).databaseConnection;
    client.on('notification', () => this.wake?.());
    await runner.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
    this.lockRunner = runner;
    this.leader = true;
    this.stateCheckDue = true;
    this.logger.log(`outbox relay of ${this.options.schema} is active on this instance`);
    return true;
  }

  private async releaseLeadership(): Promise<void> {
    const runner = this.lockRunner;
    this.lockRunner = undefined;
    this.leader = false;
    if (!runner) return;
    await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Rows grouped per topic, id order kept within each topic (and so within each key). */
function groupByTopic(rows: OutboxRow[]) {
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: row.payload });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
