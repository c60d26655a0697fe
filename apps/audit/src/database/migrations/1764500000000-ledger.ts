import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only ledger and its signed checkpoints. The database itself refuses UPDATE, DELETE and TRUNCATE on
 * both tables (triggers), so only someone who disables the triggers as an administrator can alter history — and
 * the hash chain and the signatures make that visible.
 */
export class Ledger1764500000000 implements MigrationInterface {
  name = 'Ledger1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit".ledger (
      sequence bigint PRIMARY KEY CHECK (sequence > 0),
      event_id uuid NOT NULL UNIQUE,
      topic text NOT NULL,
      event text NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      environment text NULL,
      source text NOT NULL,
      subject text NOT NULL,
      actor text NOT NULL,
      outcome text NOT NULL,
      person_id text NULL,
      serial text NULL,
      organisation_id text NULL,
      ingested_at timestamptz NOT NULL,
      hash char(64) NOT NULL,
      signature text NULL)`);
    for (const column of ['type', 'person_id', 'serial', 'organisation_id', 'actor', 'occurred_at']) {
      await q.query(`CREATE INDEX ledger_${column}_idx ON "audit".ledger (${column}, sequence)`);
    }
    await q.query(`CREATE TABLE "audit".checkpoints (
      sequence bigint PRIMARY KEY,
      hash char(64) NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      algorithm text NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE FUNCTION "audit".refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
      END $$`);
    for (const table of ['ledger', 'checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "audit".${table}
        FOR EACH ROW EXECUTE FUNCTION "audit".refuse_ledger_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "audit".${table}
        FOR EACH STATEMENT EXECUTE FUNCTION "audit".refuse_ledger_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit".checkpoints`);
    await q.query(`DROP TABLE "audit".ledger`);
    await q.query(`DROP FUNCTION "audit".refuse_ledger_change()`);
  }
}
