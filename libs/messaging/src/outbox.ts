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
interface PendingRow {
  topic: string;
  key: string;
  payload: string;
  eventId: string | null;
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
    assertValidEvent(event);
    return new Promise((resolve, reject) => {
      this.pending.push({
        topic: topicName(this.options, EVENT_TOPIC[event.type]),
        key: eventKey(event),
        payload: JSON.stringify(event),
        eventId: event.id,
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
        await this.dataSource.transaction(async (m) => {
          const values = batch.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`).join(', ');
          await m.query(
            `INSERT INTO "${this.options.schema}".outbox (topic, message_key, payload, event_id) VALUES ${values}`,
            batch.flatMap((r) => [r.topic, r.key, r.payload, r.eventId]),
          );
          await m.query(`SELECT pg_notify($1, '')`, [outboxChannel(this.options.schema)]);
        });
        for (const row of batch) row.settle();
      } catch (error) {
        for (const row of batch) row.settle(error);
      }
    }
    this.flushing = false;
  }

  /** Validates the event against its schema and stores it; an invalid event throws and rolls the change back. */
  async publishEvent(manager: EntityManager, event: EventEnvelope): Promise<void> {
    assertValidEvent(event);
    await this.insert(manager, EVENT_TOPIC[event.type], eventKey(event), JSON.stringify(event), event.id);
  }

  /** Stores a state value for a compacted topic; the caller owns the per-key revision. */
  async publishState(manager: EntityManager, topic: TopicName, value: StateValueBase): Promise<void> {
    parseStateValue(topic, value);
    await this.insert(manager, topic, value.key, JSON.stringify(value), null);
  }

  /**
   * Stores several values of one compacted topic with one statement (the state-topic restorer's pages); the caller
   * owns the revisions. Every value is validated first; one invalid value stores none.
   */
  async publishStates(manager: EntityManager, topic: TopicName, values: readonly StateValueBase[]): Promise<void> {
    if (values.length === 0) return;
    for (const value of values) parseStateValue(topic, value);
    const schema = this.options.schema;
    const rows = values.map((_, i) => `($1, $${i * 2 + 2}, $${i * 2 + 3}, NULL)`).join(', ');
    await manager.query(`INSERT INTO "${schema}".outbox (topic, message_key, payload, event_id) VALUES ${rows}`, [
      topicName(this.options, topic),
      ...values.flatMap((value) => [value.key, JSON.stringify(value)]),
    ]);
    await manager.query(`SELECT pg_notify($1, '')`, [outboxChannel(schema)]);
  }

  private async insert(manager: EntityManager, topic: string, key: string, payload: string, eventId: string | null): Promise<void> {
    const schema = this.options.schema;
    await manager.query(`INSERT INTO "${schema}".outbox (topic, message_key, payload, event_id) VALUES ($1, $2, $3, $4)`, [
      topicName(this.options, topic),
      key,
      payload,
      eventId,
    ]);
    await manager.query(`SELECT pg_notify($1, '')`, [outboxChannel(schema)]);
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
