import { messagingTablesDdl } from '@paspoort/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox of the ip-registry schema. */
export class MessagingTables1764400000000 implements MigrationInterface {
  name = 'MessagingTables1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDdl('ip_registry')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ip_registry".inbox`);
    await q.query(`DROP TABLE "ip_registry".outbox`);
  }
}
