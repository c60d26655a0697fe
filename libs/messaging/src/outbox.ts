import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  assertValidEvent,
  EVENT_TOPIC,
  eventKey,
  parseStateValue,
  type EventEnvelope,
  type StateValueBase,
  type TopicName,
} from '@paspoort/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, topicName, type MessagingOptions } from './messaging-options';

/**
 * Writes events and state values into the service's outbox table inside the caller's transaction,
 * so the business change and its messages commit (or roll back) together. The relay publishes them.
 */
interface OutboxRow {
  topic: string;
  key: string;
  payload: string;
  eventId: string | null;
}

interface PendingRow extends OutboxRow {
  settle: (error?: unknown) => void;
}

const GROUP_COMMIT_MAX = 500;

@Injectable()
export class OutboxWriter {
  private pending: PendingRow[] = [];
  private flushing = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * For events that are the whole change (an access decision, a refusal): stored with group commit, so concurrent
   * callers share one transaction. Resolves once the event is durably in the outbox.
   */
  publishEventNow(event: EventEnvelope): Promise<void> {
    const row = this.eventRow(event);
    return new Promise((resolve, reject) => {
      this.pending.push({
        ...row,
        settle: (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
      });
      if (!this.flushing) setImmediate(() => void this.flush());
      this.flushing = true;
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, GROUP_COMMIT_MAX);
      try {
        // One statement is its own transaction: the batch is stored (and the relay woken) all or nothing.
        await this.store(this.dataSource.manager, batch);
        for (const row of batch) row.settle();
      } catch (error) {
        for (const row of batch) row.settle(error);
      }
    }
    this.flushing = false;
  }

  /** Validates the event against its schema and stores it; an invalid event throws and rolls the change back. */
  async publishEvent(manager: EntityManager, event: EventEnvelope): Promise<void> {
    await this.store(manager, [this.eventRow(event)]);
  }

  /** Stores a state value for a compacted topic; the caller owns the per-key revision. */
  async publishState(manager: EntityManager, topic: TopicName, value: StateValueBase): Promise<void> {
    await this.store(manager, [this.stateRow(topic, value)]);
  }

  /** An event and the state value it changed, validated first and stored with one statement. */
  async publishEventWithState(manager: EntityManager, event: EventEnvelope, topic: TopicName, value: StateValueBase): Promise<void> {
    await this.store(manager, [this.eventRow(event), this.stateRow(topic, value)]);
  }

  /**
   * Stores several values of one compacted topic with one statement (the state-topic restorer's pages); the caller
   * owns the revisions. Every value is validated first; one invalid value stores none.
   */
  async publishStates(manager: EntityManager, topic: TopicName, values: readonly StateValueBase[]): Promise<void> {
    if (values.length === 0) return;
    await this.store(
      manager,
      values.map((value) => this.stateRow(topic, value)),
    );
  }

  private eventRow(event: EventEnvelope): OutboxRow {
    assertValidEvent(event);
    return {
      topic: topicName(this.options, EVENT_TOPIC[event.type]),
      key: eventKey(event),
      payload: JSON.stringify(event),
      eventId: event.id,
    };
  }

  private stateRow(topic: TopicName, value: StateValueBase): OutboxRow {
    parseStateValue(topic, value);
    return { topic: topicName(this.options, topic), key: value.key, payload: JSON.stringify(value), eventId: null };
  }

  /**
   * Inserts the rows and wakes the relay (NOTIFY, delivered at commit) in one statement: one round trip to Postgres
   * however many rows, where an INSERT and a separate NOTIFY per row took two each.
   */
  private async store(manager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
    const values = rows.map((_, i) => `($${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}, $${i * 4 + 5})`).join(', ');
    await manager.query(
      `WITH stored AS (
         INSERT INTO "${this.options.schema}".outbox (topic, message_key, payload, event_id) VALUES ${values} RETURNING 1
       )
       SELECT pg_notify($1, '') FROM (SELECT 1 FROM stored LIMIT 1) AS woken`,
      [outboxChannel(this.options.schema), ...rows.flatMap((r) => [r.topic, r.key, r.payload, r.eventId])],
    );
  }
}

export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/** DDL of the messaging tables every service schema has (used by each service's first migration). */
export function messagingTablesDdl(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      message_key text NOT NULL,
      payload text NOT NULL,
      event_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz NULL)`,
    `CREATE INDEX outbox_unsent_idx ON "${schema}".outbox (id) WHERE sent_at IS NULL`,
    `CREATE TABLE "${schema}".inbox (
      consumer text NOT NULL,
      event_id text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id))`,
  ];
}
