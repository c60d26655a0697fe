import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Registrations (never deleted: ending one sets ended_at), enforcement instants and per-key state revisions. */
export class IpRegistrations1764400000100 implements MigrationInterface {
  name = 'IpRegistrations1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ip_registry".ip_registrations (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      serial text NOT NULL,
      environment text NOT NULL,
      organisation_id text NULL,
      address text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('v4', 'v6')),
      prefix_length int NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_until timestamptz NULL CHECK (valid_until IS NULL OR valid_until > valid_from),
      ended_at timestamptz NULL,
      note text NULL,
      registered_by text NOT NULL,
      inherited_from uuid NULL REFERENCES "ip_registry".ip_registrations (id),
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX ip_registrations_serial_idx ON "ip_registry".ip_registrations (serial, seq)`);
    await q.query(`CREATE UNIQUE INDEX ip_registrations_inherited_idx ON "ip_registry".ip_registrations (serial, inherited_from)
      WHERE inherited_from IS NOT NULL`);
    await q.query(`CREATE TABLE "ip_registry".enforcement (
      environment text PRIMARY KEY,
      enforced_from timestamptz NULL,
      revision int NOT NULL)`);
    await q.query(`CREATE TABLE "ip_registry".registration_state_revision (
      serial text PRIMARY KEY,
      revision int NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ip_registry".registration_state_revision`);
    await q.query(`DROP TABLE "ip_registry".enforcement`);
    await q.query(`DROP TABLE "ip_registry".ip_registrations`);
  }
}
