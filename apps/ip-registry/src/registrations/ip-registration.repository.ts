import { Injectable } from '@nestjs/common';
import type { Environment } from '@paspoort/contracts';
import type { IpKind } from '@paspoort/ip-rules';
import type { EntityManager } from 'typeorm';

/** One registration row; `address` is the canonical text of ip-rules (the duplicate check compares it). */
export interface IpRegistrationRecord {
  id: string;
  seq: string;
  serial: string;
  environment: Environment;
  organisationId: string | null;
  address: string;
  kind: IpKind;
  prefixLength: number;
  validFrom: Date;
  validUntil: Date | null;
  endedAt: Date | null;
  note: string | null;
  registeredBy: string;
  inheritedFrom: string | null;
  createdAt: Date;
}

export type NewIpRegistration = Omit<IpRegistrationRecord, 'seq' | 'endedAt'>;

/** A serial's state revision and owner. */
export interface RegistrationStateRow {
  serial: string;
  revision: number;
  environment: Environment;
  organisationId: string | null;
}

const T = '"ip_registry".ip_registrations';
const COLUMNS = `id, seq::text AS "seq", serial, environment, organisation_id AS "organisationId", address, kind,
  prefix_length AS "prefixLength", valid_from AS "validFrom", valid_until AS "validUntil", ended_at AS "endedAt", note,
  registered_by AS "registeredBy", inherited_from AS "inheritedFrom", created_at AS "createdAt"`;
/** Current and future: not ended, and not past its validUntil. */
const ACTIVE = `ended_at IS NULL AND (valid_until IS NULL OR valid_until > $2)`;

/** SQL access to the registrations and their per-serial state revision; every call runs in the caller's transaction. */
@Injectable()
export class IpRegistrationRepository {
  /**
   * Increments the serial's state revision and returns it. The row lock it takes serialises every change of one
   * certificate's registrations until the transaction ends (duplicate check, limit, state value).
   */
  async nextRevision(m: EntityManager, serial: string): Promise<number> {
    const rows: { revision: number }[] = await m.query(
      `INSERT INTO "ip_registry".registration_state_revision (serial, revision) VALUES ($1, 1)
       ON CONFLICT (serial) DO UPDATE SET revision = registration_state_revision.revision + 1 RETURNING revision`,
      [serial],
    );
    return rows[0].revision;
  }

  async insert(m: EntityManager, r: NewIpRegistration): Promise<void> {
    await m.query(
      `INSERT INTO ${T} (id, serial, environment, organisation_id, address, kind, prefix_length, valid_from, valid_until,
        note, registered_by, inherited_from, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        r.id,
        r.serial,
        r.environment,
        r.organisationId,
        r.address,
        r.kind,
        r.prefixLength,
        r.validFrom,
        r.validUntil,
        r.note,
        r.registeredBy,
        r.inheritedFrom,
        r.createdAt,
      ],
    );
  }

  /** The current and future registrations of a serial at `now`, oldest first. */
  async active(m: EntityManager, serial: string, now: Date): Promise<IpRegistrationRecord[]> {
    return m.query(`SELECT ${COLUMNS} FROM ${T} WHERE serial = $1 AND ${ACTIVE} ORDER BY ip_registrations.seq`, [serial, now]);
  }

  /** The current and future registrations of several serials at `now`, oldest first. */
  async activeOf(m: EntityManager, serials: readonly string[], now: Date): Promise<IpRegistrationRecord[]> {
    return m.query(`SELECT ${COLUMNS} FROM ${T} WHERE serial = ANY($1) AND ${ACTIVE} ORDER BY ip_registrations.seq`, [serials, now]);
  }

  /**
   * Serials with a state value in serial order after `afterSerial`: revision, environment and organisation (from the
   * serial's latest registration). The revision rows are read FOR SHARE, so a change of one waits for the reader.
   */
  async statePage(m: EntityManager, afterSerial: string | undefined, limit: number): Promise<RegistrationStateRow[]> {
    return m.query(
      `SELECT s.serial, s.revision, o.environment, o.organisation_id AS "organisationId"
         FROM "ip_registry".registration_state_revision s
         CROSS JOIN LATERAL (SELECT environment, organisation_id FROM ${T} r WHERE r.serial = s.serial ORDER BY r.seq DESC LIMIT 1) o
        WHERE s.serial > $1 ORDER BY s.serial LIMIT $2 FOR SHARE OF s`,
      [afterSerial ?? '', limit],
    );
  }

  async countStates(m: EntityManager): Promise<number> {
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM "ip_registry".registration_state_revision`)) as { n: number }[];
    return n;
  }

  /** Every registration of a serial that was not ended by a DELETE (expired ones included), oldest first. */
  async notEnded(m: EntityManager, serial: string): Promise<IpRegistrationRecord[]> {
    return m.query(`SELECT ${COLUMNS} FROM ${T} WHERE serial = $1 AND ended_at IS NULL ORDER BY ip_registrations.seq`, [serial]);
  }

  /** Every registration of a serial, history included, oldest first, after the cursor's `seq`. */
  async page(m: EntityManager, serial: string, afterSeq: string, limit: number): Promise<IpRegistrationRecord[]> {
    return m.query(`SELECT ${COLUMNS} FROM ${T} WHERE serial = $1 AND seq > $2 ORDER BY ip_registrations.seq LIMIT $3`, [
      serial,
      afterSeq,
      limit,
    ]);
  }

  async findById(m: EntityManager, id: string, lock = false): Promise<IpRegistrationRecord | undefined> {
    const rows: IpRegistrationRecord[] = await m.query(`SELECT ${COLUMNS} FROM ${T} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  async end(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE ${T} SET ended_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Ids of registrations already inherited by `serial` (a renewal replayed under another event id copies nothing twice). */
  async inheritedBy(m: EntityManager, serial: string): Promise<Set<string>> {
    const rows: { inheritedFrom: string }[] = await m.query(
      `SELECT inherited_from AS "inheritedFrom" FROM ${T} WHERE serial = $1 AND inherited_from IS NOT NULL`,
      [serial],
    );
    return new Set(rows.map((r) => r.inheritedFrom));
  }
}
