import type { MigrationInterface, QueryRunner } from 'typeorm';

/** TOTP enrollments, lockouts, sessions, grants and token signing keys of the authn schema. */
export class AuthnTables1764500000000 implements MigrationInterface {
  name = 'AuthnTables1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "authn".totp_enrollments (
      environment text NOT NULL,
      person_id text NOT NULL,
      secret_encrypted text NULL,
      pending_secret_encrypted text NULL,
      confirmed_at timestamptz NULL,
      last_used_step bigint NOT NULL DEFAULT -1,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (environment, person_id))`);
    await q.query(`CREATE TABLE "authn".person_lockouts (
      environment text NOT NULL,
      person_id text NOT NULL,
      consecutive_failures int NOT NULL DEFAULT 0,
      locked_until timestamptz NULL,
      PRIMARY KEY (environment, person_id))`);
    await q.query(`CREATE TABLE "authn".sessions (
      id_hash text PRIMARY KEY,
      environment text NOT NULL,
      person_id text NOT NULL,
      serial text NOT NULL,
      fingerprint_sha256 text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz NULL,
      end_reason text NULL)`);
    await q.query(`CREATE INDEX sessions_serial_idx ON "authn".sessions (serial) WHERE ended_at IS NULL`);
    await q.query(`CREATE TABLE "authn".grants (
      environment text NOT NULL,
      subject text NOT NULL,
      role text NOT NULL,
      granted_at timestamptz NOT NULL,
      granted_by text NOT NULL,
      PRIMARY KEY (environment, subject, role))`);
    await q.query(`CREATE TABLE "authn".token_keys (
      kid text PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('current', 'previous', 'retired')),
      revision int NOT NULL,
      public_jwk jsonb NOT NULL,
      private_key_encrypted text NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX token_keys_one_current ON "authn".token_keys (status) WHERE status = 'current'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['token_keys', 'grants', 'sessions', 'person_lockouts', 'totp_enrollments'])
      await q.query(`DROP TABLE "authn".${table}`);
  }
}
