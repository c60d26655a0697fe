import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';

/**
 * Idempotent consumption: the event id is recorded in the inbox in the same transaction as the effect,
 * so a redelivered event has no second effect. Returns false when the event was already processed.
 */
@Injectable()
export class Inbox {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async processOnce(consumer: string, eventId: string, effect: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.options.schema}".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, eventId],
      );
      if (inserted.length === 0) return false;
      await effect(manager);
      return true;
    });
  }
}
