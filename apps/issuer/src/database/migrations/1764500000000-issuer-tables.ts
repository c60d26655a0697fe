import type { MigrationInterface, QueryRunner } from 'typeorm';

const ENVIRONMENT = `CHECK (environment IN ('test', 'acceptance', 'production'))`;

/** The CA hierarchy, issued certificates with their status, CRLs and the person.locked bookkeeping. */
export class IssuerTables1764500000000 implements MigrationInterface {
  name = 'IssuerTables1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE issuer.ca_certificates (
      name text PRIMARY KEY CHECK (name IN ('root', 'test', 'acceptance', 'production')),
      kind text NOT NULL CHECK (kind IN ('root', 'issuing')),
      serial text NOT NULL,
      pem text NOT NULL,
      not_before timestamptz NOT NULL,
      not_after timestamptz NOT NULL,
      origin text NOT NULL CHECK (origin IN ('generated', 'imported')),
      chain_revision integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE issuer.ca_keys (
      ca_name text PRIMARY KEY REFERENCES issuer.ca_certificates (name),
      encrypted_private_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE issuer.certificates (
      serial text PRIMARY KEY CHECK (serial ~ '^([0-9a-f]{2}){1,20}$'),
      environment text NOT NULL ${ENVIRONMENT},
      profile text NOT NULL CHECK (profile IN ('personal', 'system')),
      person_id text NULL,
      person_name text NULL,
      organisation_id text NULL,
      organisation_name text NULL,
      system_name text NULL,
      fingerprint_sha256 text NOT NULL UNIQUE,
      subject_dn text NOT NULL,
      pem text NOT NULL,
      not_before timestamptz NOT NULL,
      not_after timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'blocked', 'revoked')),
      block_cause text NULL CHECK (block_cause IN ('requested', 'lost', 'suspected-misuse', 'administrative')),
      revocation_reason text NULL,
      revoked_at timestamptz NULL,
      status_changed_at timestamptz NOT NULL,
      status_revision integer NOT NULL,
      renews text NULL REFERENCES issuer.certificates (serial),
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      CHECK ((status = 'blocked') = (block_cause IS NOT NULL)),
      CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL)))`);
    await q.query(`CREATE INDEX certificates_person_idx ON issuer.certificates (environment, person_id) WHERE person_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX certificates_organisation_idx ON issuer.certificates (environment, organisation_id) WHERE organisation_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX certificates_listing_idx ON issuer.certificates (created_at, serial)`);
    await q.query(`CREATE INDEX certificates_listed_on_crl_idx ON issuer.certificates (environment) WHERE status <> 'active'`);
    await q.query(`CREATE TABLE issuer.crls (
      environment text NOT NULL ${ENVIRONMENT},
      number bigint NOT NULL,
      der bytea NOT NULL,
      this_update timestamptz NOT NULL,
      next_update timestamptz NOT NULL,
      PRIMARY KEY (environment, number))`);
    await q.query(`CREATE TABLE issuer.person_locks (
      event_id text PRIMARY KEY,
      person_id text NOT NULL,
      environment text NOT NULL ${ENVIRONMENT},
      locked_at timestamptz NOT NULL,
      spent boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX person_locks_window_idx ON issuer.person_locks (person_id, environment, locked_at) WHERE NOT spent`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['person_locks', 'crls', 'certificates', 'ca_keys', 'ca_certificates']) await q.query(`DROP TABLE issuer.${table}`);
  }
}
