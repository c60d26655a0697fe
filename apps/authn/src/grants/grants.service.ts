import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@paspoort/auth';
import type { Environment, Role } from '@paspoort/contracts';
import { notFound } from '@paspoort/service-kit';
import type { DataSource } from 'typeorm';
import { LoginEvents } from '../logins/login-events';

export interface Grant {
  environment: Environment;
  subject: string;
  role: Role;
  grantedAt: string;
  grantedBy: string;
}

interface GrantRow {
  environment: Environment;
  subject: string;
  role: Role;
  granted_at: Date;
  granted_by: string;
}

/** Roles per environment for persons (`person:<id>`) and systems (`system:<organisationId>/<systemName>`). */
@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: LoginEvents,
  ) {}

  async rolesOf(environment: Environment, subject: string): Promise<Role[]> {
    const rows: { role: Role }[] = await this.dataSource.query(
      `SELECT role FROM "authn".grants WHERE environment = $1 AND subject = $2 ORDER BY role`,
      [environment, subject],
    );
    return rows.map((r) => r.role);
  }

  /** Idempotent: granting a held role changes nothing and records no event. */
  async grant(environment: Environment, subject: string, role: Role, by: Principal): Promise<Grant> {
    return this.dataSource.transaction(async (m) => {
      const inserted: GrantRow[] = await m.query(
        `INSERT INTO "authn".grants (environment, subject, role, granted_at, granted_by) VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT DO NOTHING RETURNING *`,
        [environment, subject, role, by.actor],
      );
      if (inserted.length > 0) await this.events.record(grantChanged(environment, subject, role, 'granted', by), m);
      const [row] =
        inserted.length > 0
          ? inserted
          : ((await m.query(`SELECT * FROM "authn".grants WHERE environment = $1 AND subject = $2 AND role = $3`, [
              environment,
              subject,
              role,
            ])) as GrantRow[]);
      return toGrant(row);
    });
  }

  async withdraw(environment: Environment, subject: string, role: Role, by: Principal): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [deleted] = (await m.query(
        `DELETE FROM "authn".grants WHERE environment = $1 AND subject = $2 AND role = $3 RETURNING subject`,
        [environment, subject, role],
      )) as unknown[][];
      if (deleted.length === 0) throw notFound('GRANT_NOT_FOUND', 'no such grant');
      await this.events.record(grantChanged(environment, subject, role, 'withdrawn', by), m);
    });
  }

  async list(environment: Environment, cursor: string | undefined, limit: number): Promise<{ items: Grant[]; nextCursor: string | null }> {
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
    const rows: GrantRow[] = await this.dataSource.query(
      `SELECT * FROM "authn".grants WHERE environment = $1 AND subject || '|' || role > $2 ORDER BY subject || '|' || role LIMIT $3`,
      [environment, after, limit + 1],
    );
    const items = rows.slice(0, limit).map(toGrant);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? Buffer.from(`${last.subject}|${last.role}`).toString('base64url') : null };
  }
}

function toGrant(row: GrantRow): Grant {
  return {
    environment: row.environment,
    subject: row.subject,
    role: row.role,
    grantedAt: new Date(row.granted_at).toISOString(),
    grantedBy: row.granted_by,
  };
}

function grantChanged(environment: Environment, subject: string, role: Role, change: 'granted' | 'withdrawn', by: Principal) {
  const personId = subject.startsWith('person:') ? subject.slice(7) : undefined;
  const organisationId = subject.startsWith('system:') ? subject.slice(7).split('/')[0] : undefined;
  return {
    type: 'grant.changed' as const,
    environment,
    subject,
    actor: by.actor,
    refs: { personId, organisationId, serial: by.serial },
    data: { subject, role, change },
  };
}
