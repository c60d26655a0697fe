import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Environment } from '@paspoort/contracts';
import { AuthRefusal } from '@paspoort/service-kit';
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AUTHN_CLOCK, type Clock } from '../clock/clock';
import { AUTHN_CONFIG, type AuthnConfig } from '../config/authn.config';
import { AccessStateView } from '../projections/access-state.view';

export interface PortalSession {
  environment: Environment;
  personId: string;
  serial: string;
  fingerprintSha256: string;
  expiresAt: Date;
}

interface SessionRow {
  environment: Environment;
  person_id: string;
  serial: string;
  fingerprint_sha256: string;
  expires_at: Date;
}

/** The cookie of one environment's portal (all portals share a host name, so the name carries the environment). */
export function sessionCookieName(environment: Environment): string {
  return `paspoort_session_${environment}`;
}

/**
 * Portal sessions: an opaque random id in the cookie, stored only as its SHA-256, bound to the environment and the
 * certificate's fingerprint. A blocked or revoked certificate's sessions end at once.
 */
@Injectable()
export class SessionsService implements OnApplicationBootstrap {
  private readonly log = new Logger(SessionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly view: AccessStateView,
    @Inject(AUTHN_CONFIG) private readonly config: AuthnConfig,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.view.onStatusChange((value) => {
      if (value.status === 'active') return;
      this.endForCertificate(value.serial, value.status).catch((e: unknown) =>
        this.log.warn(`ending sessions failed: ${(e as Error).message}`),
      );
    });
  }

  async create(m: EntityManager, session: Omit<PortalSession, 'expiresAt'>): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlSeconds * 1000);
    await m.query(
      `INSERT INTO "authn".sessions (id_hash, environment, person_id, serial, fingerprint_sha256, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [digest(id), session.environment, session.personId, session.serial, session.fingerprintSha256, now, expiresAt],
    );
    return { id, expiresAt };
  }

  /** The live session of this cookie, presented with the same certificate (401 otherwise). */
  async resolve(environment: Environment, id: string | undefined, fingerprintSha256: string): Promise<PortalSession> {
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) throw new AuthRefusal(401, 'SESSION_REQUIRED', 'log in first');
    const [row] = (await this.dataSource.query(
      `SELECT environment, person_id, serial, fingerprint_sha256, expires_at FROM "authn".sessions
       WHERE id_hash = $1 AND environment = $2 AND ended_at IS NULL AND expires_at > $3`,
      [digest(id), environment, this.clock.now()],
    )) as SessionRow[];
    if (!row) throw new AuthRefusal(401, 'SESSION_REQUIRED', 'the session has ended; log in again');
    if (row.fingerprint_sha256 !== fingerprintSha256) {
      throw new AuthRefusal(401, 'SESSION_CERTIFICATE_MISMATCH', 'this session belongs to another certificate');
    }
    return {
      environment: row.environment,
      personId: row.person_id,
      serial: row.serial,
      fingerprintSha256: row.fingerprint_sha256,
      expiresAt: new Date(row.expires_at),
    };
  }

  /** Ends the cookie's session; returns it when there was one. */
  async end(environment: Environment, id: string | undefined): Promise<{ personId: string; serial: string } | undefined> {
    if (!id) return undefined;
    const [rows] = (await this.dataSource.query(
      `UPDATE "authn".sessions SET ended_at = $3, end_reason = 'logout' WHERE id_hash = $1 AND environment = $2 AND ended_at IS NULL RETURNING person_id, serial`,
      [digest(id), environment, this.clock.now()],
    )) as [{ person_id: string; serial: string }[], number];
    return rows[0] ? { personId: rows[0].person_id, serial: rows[0].serial } : undefined;
  }

  async endForCertificate(serial: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE "authn".sessions SET ended_at = $2, end_reason = $3 WHERE serial = $1 AND ended_at IS NULL`, [
      serial,
      this.clock.now(),
      `certificate-${reason}`,
    ]);
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}
