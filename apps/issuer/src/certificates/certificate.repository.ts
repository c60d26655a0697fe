import { Injectable } from '@nestjs/common';
import type { CertificateProfile, CertificateStatus, Environment } from '@paspoort/contracts';
import type { EntityManager } from 'typeorm';
import type { CertificateRecord, StatusChange } from './certificate-record';

const COLUMNS = `serial, environment, profile, person_id, person_name, organisation_id, organisation_name, system_name,
  fingerprint_sha256, subject_dn, pem, not_before, not_after, status, block_cause, revocation_reason, revoked_at,
  status_changed_at, status_revision, renews, created_at, created_by`;

type Row = Record<string, unknown>;

/** Filters of `GET /certificates`; `after` is the keyset position (createdAt, serial) of the previous page. */
export interface CertificateFilter {
  environments: readonly Environment[];
  personId?: string;
  organisationId?: string;
  status?: CertificateStatus;
  profile?: CertificateProfile;
  after?: { createdAt: Date; serial: string };
  limit: number;
}

/** SQL access to issuer.certificates; every method runs on the caller's manager (its transaction). */
@Injectable()
export class CertificateRepository {
  async find(manager: EntityManager, serial: string, forUpdate = false): Promise<CertificateRecord | undefined> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM issuer.certificates WHERE serial = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [serial],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async findInEnvironment(manager: EntityManager, environment: Environment, serials: readonly string[]): Promise<CertificateRecord[]> {
    const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM issuer.certificates WHERE environment = $1 AND serial = ANY($2)`, [
      environment,
      serials,
    ]);
    return rows.map(toRecord);
  }

  async activePersonal(manager: EntityManager, environment: Environment, personId: string): Promise<CertificateRecord[]> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM issuer.certificates
        WHERE environment = $1 AND person_id = $2 AND profile = 'personal' AND status = 'active' ORDER BY serial FOR UPDATE`,
      [environment, personId],
    );
    return rows.map(toRecord);
  }

  /** Blocked and revoked certificates not yet expired at `at`: the entries of the environment's CRL. */
  async listedOnCrl(manager: EntityManager, environment: Environment, at: Date): Promise<CertificateRecord[]> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM issuer.certificates WHERE environment = $1 AND status <> 'active' AND not_after > $2 ORDER BY serial`,
      [environment, at],
    );
    return rows.map(toRecord);
  }

  /** Certificates in serial order after `afterSerial`, read FOR SHARE (pages of the state-topic restorer). */
  async pageBySerial(manager: EntityManager, afterSerial: string | undefined, limit: number): Promise<CertificateRecord[]> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM issuer.certificates WHERE serial > $1 ORDER BY serial LIMIT $2 FOR SHARE`,
      [afterSerial ?? '', limit],
    );
    return rows.map(toRecord);
  }

  async count(manager: EntityManager): Promise<number> {
    const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM issuer.certificates`)) as { n: number }[];
    return n;
  }

  async insert(manager: EntityManager, r: CertificateRecord): Promise<void> {
    await manager.query(
      `INSERT INTO issuer.certificates (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
      [
        r.serial,
        r.environment,
        r.profile,
        r.personId,
        r.personName,
        r.organisationId,
        r.organisationName,
        r.systemName,
        r.fingerprintSha256,
        r.subjectDn,
        r.pem,
        r.notBefore,
        r.notAfter,
        r.status,
        r.blockCause,
        r.revocationReason,
        r.revokedAt,
        r.statusChangedAt,
        r.statusRevision,
        r.renews,
        r.createdAt,
        r.createdBy,
      ],
    );
  }

  /** Writes a new status and increments the status revision; returns the updated record. */
  async applyStatus(manager: EntityManager, serial: string, change: StatusChange): Promise<CertificateRecord> {
    const [rows]: [Row[], number] = await manager.query(
      `UPDATE issuer.certificates
          SET status = $2, block_cause = $3, revocation_reason = $4, revoked_at = $5, status_changed_at = $6,
              status_revision = status_revision + 1
        WHERE serial = $1 RETURNING ${COLUMNS}`,
      [serial, change.status, change.blockCause, change.revocationReason, change.revokedAt, change.changedAt],
    );
    return toRecord(rows[0]);
  }

  async list(manager: EntityManager, f: CertificateFilter): Promise<CertificateRecord[]> {
    const where = ['environment = ANY($1)'];
    const params: unknown[] = [f.environments];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.personId !== undefined) add('person_id = ?', f.personId);
    if (f.organisationId !== undefined) add('organisation_id = ?', f.organisationId);
    if (f.status !== undefined) add('status = ?', f.status);
    if (f.profile !== undefined) add('profile = ?', f.profile);
    if (f.after) {
      params.push(f.after.createdAt, f.after.serial);
      where.push(`(created_at, serial) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(f.limit);
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM issuer.certificates WHERE ${where.join(' AND ')} ORDER BY created_at, serial LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): CertificateRecord {
  const date = (value: unknown): Date => new Date(value as string | Date);
  return {
    serial: row.serial as string,
    environment: row.environment as Environment,
    profile: row.profile as CertificateProfile,
    personId: row.person_id as string | null,
    personName: row.person_name as string | null,
    organisationId: row.organisation_id as string | null,
    organisationName: row.organisation_name as string | null,
    systemName: row.system_name as string | null,
    fingerprintSha256: row.fingerprint_sha256 as string,
    subjectDn: row.subject_dn as string,
    pem: row.pem as string,
    notBefore: date(row.not_before),
    notAfter: date(row.not_after),
    status: row.status as CertificateStatus,
    blockCause: row.block_cause as CertificateRecord['blockCause'],
    revocationReason: row.revocation_reason as CertificateRecord['revocationReason'],
    revokedAt: row.revoked_at === null ? null : date(row.revoked_at),
    statusChangedAt: date(row.status_changed_at),
    statusRevision: Number(row.status_revision),
    renews: row.renews as string | null,
    createdAt: date(row.created_at),
    createdBy: row.created_by as string,
  };
}
