import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StateValueBase, TopicName } from '@paspoort/contracts';
import type { Admin } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { createKafka } from './kafka-factory';
import { MESSAGING_OPTIONS, topicName, type MessagingOptions } from './messaging-options';
import { MessagingMetrics } from './messaging-metrics';
import { OutboxWriter } from './outbox';
import { ensureTopics } from './topic-admin';

/** Values per transaction (and per outbox statement). */
const PAGE = 500;

/**
 * The values a service owns on one compacted state topic, read from its own tables: each in the shape the service's
 * normal writes publish, at its current revision. A topic may have several sources (one per kind of key).
 */
export interface StateTopicSource {
  readonly topic: TopicName;
  /** How many keys the tables hold a value for. */
  countKeys(manager: EntityManager): Promise<number>;
  /**
   * Up to `limit` values in ascending key order, keys after `afterKey` (from the first key when undefined). Runs in the
   * restorer's transaction and reads its rows FOR SHARE: a concurrent change of a key then commits its own outbox row
   * after the restored one, so compaction (which keeps the last message per key) keeps the highest revision.
   */
  currentValues(manager: EntityManager, afterKey: string | undefined, limit: number): Promise<StateValueBase[]>;
}

/** Values re-published per contract topic. */
export type RestoredCounts = Map<TopicName, number>;

/**
 * Disaster recovery of a service's state topics. When the broker lost its data (a wiped single-node broker, a new
 * cluster), the compacted topics come back empty and consumers would deny everything until each value changes
 * again. The outbox relay's leader runs `restoreLostTopics` before it publishes (at start, on taking over, after a
 * failure), so exactly one instance does it and no new value lands in an empty topic ahead of the restore; the values
 * go through the outbox at their current revisions, which consumers that already hold them ignore.
 */
@Injectable()
export class StateTopicRestorer {
  private readonly logger = new Logger(StateTopicRestorer.name);
  private readonly sources: StateTopicSource[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Optional() private readonly metrics?: MessagingMetrics,
  ) {}

  /** Called by the owning service while its modules initialise (before the relay starts). */
  register(source: StateTopicSource): void {
    this.sources.push(source);
  }

  get topics(): TopicName[] {
    return [...new Set(this.sources.map((s) => s.topic))];
  }

  /**
   * Re-publishes every current value of each registered topic that holds no message on the broker while the database
   * holds values not already waiting in the outbox. On a first start every value is still waiting, so nothing is
   * doubled; a topic with data is never touched. Missing topics are created first, as at service start.
   */
  async restoreLostTopics(): Promise<RestoredCounts> {
    const restored: RestoredCounts = new Map();
    if (this.sources.length === 0) return restored;
    const kafka = createKafka(this.options, 'restore');
    await ensureTopics(kafka, this.options.topicPrefix, this.options.partitions);
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.topics) {
        if (!(await isEmpty(admin, topicName(this.options, topic))) || (await this.keysNotWaiting(topic)) === 0) continue;
        const count = await this.republish(topic);
        restored.set(topic, count);
        this.logger.warn(
          `state topic ${topicName(this.options, topic)} held no messages on the broker: re-published ${count} current values from the database`,
        );
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    return restored;
  }

  /** Re-publishes every current value of every registered topic, whatever the broker holds (`npm run state:republish`). */
  async republishAll(): Promise<RestoredCounts> {
    const restored: RestoredCounts = new Map();
    for (const topic of this.topics) restored.set(topic, await this.republish(topic));
    return restored;
  }

  /** Keys with a value in the tables minus keys with an unsent outbox row for the topic, in one snapshot. */
  private keysNotWaiting(topic: TopicName): Promise<number> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const [{ waiting }] = (await m.query(
        `SELECT count(DISTINCT message_key)::int AS waiting FROM "${this.options.schema}".outbox WHERE sent_at IS NULL AND topic = $1`,
        [topicName(this.options, topic)],
      )) as { waiting: number }[];
      let keys = 0;
      for (const source of this.sourcesOf(topic)) keys += await source.countKeys(m);
      return keys - waiting;
    });
  }

  private async republish(topic: TopicName): Promise<number> {
    let count = 0;
    for (const source of this.sourcesOf(topic)) {
      let afterKey: string | undefined;
      for (;;) {
        const page = await this.dataSource.transaction(async (m) => {
          const values = await source.currentValues(m, afterKey, PAGE);
          await this.outbox.publishStates(m, topic, values);
          return values;
        });
        count += page.length;
        if (page.length < PAGE) break;
        afterKey = page[page.length - 1].key;
      }
    }
    this.metrics?.stateRepublished.inc({ topic }, count);
    return count;
  }

  private sourcesOf(topic: TopicName): StateTopicSource[] {
    return this.sources.filter((s) => s.topic === topic);
  }
}

/**
 * No partition holds a message: high == low everywhere (0 on a new topic). A compacted topic keeps the last value of
 * every key (there are no tombstones), so one that ever held data never looks like this unless it was lost.
 */
async function isEmpty(admin: Admin, topic: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      const partitions = await admin.fetchTopicOffsets(topic);
      return partitions.every((p) => BigInt(p.high) === BigInt(p.low));
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
