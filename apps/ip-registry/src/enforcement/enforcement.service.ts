import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { buildEvent, enforcementKey, TOPICS, type EnforcementStateValue, type Environment } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { IPREGISTRY_CLOCK, type Clock } from '../clock/clock';

/** An environment's enforcement instant: before it an unregistered source is only flagged, from it on refused. */
export interface Enforcement {
  environment: Environment;
  enforcedFrom: string | null;
  revision: number;
}

/** Reads and sets enforcement instants; a change is a row, an `enforcement.changed` event and a state value, together. */
@Injectable()
export class EnforcementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(IPREGISTRY_CLOCK) private readonly clock: Clock,
  ) {}

  /** Never set: `enforcedFrom` null (monitor mode) at revision 0. */
  async get(environment: Environment): Promise<Enforcement> {
    return this.read(this.dataSource.manager, environment, false);
  }

  /** Setting the instant it already has changes nothing and publishes nothing (PUT is idempotent). */
  async set(environment: Environment, enforcedFrom: Date | null, actor: string): Promise<Enforcement> {
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO "ip_registry".enforcement (environment, enforced_from, revision) VALUES ($1, NULL, 0)
        ON CONFLICT (environment) DO NOTHING`,
        [environment],
      );
      const previous = await this.read(m, environment, true);
      const next = enforcedFrom?.toISOString() ?? null;
      if (previous.enforcedFrom === next) return previous;
      const revision = previous.revision + 1;
      await m.query(`UPDATE "ip_registry".enforcement SET enforced_from = $2, revision = $3 WHERE environment = $1`, [
        environment,
        enforcedFrom,
        revision,
      ]);
      await this.publish(m, { environment, enforcedFrom: next, revision }, previous.enforcedFrom, actor);
      return { environment, enforcedFrom: next, revision };
    });
  }

  private async publish(m: EntityManager, e: Enforcement, previousEnforcedFrom: string | null, actor: string): Promise<void> {
    const now = this.clock.now();
    await this.outbox.publishEvent(
      m,
      buildEvent({
        type: 'enforcement.changed',
        source: 'ip-registry',
        environment: e.environment,
        subject: `environment:${e.environment}`,
        actor,
        occurredAt: now,
        data: { enforcedFrom: e.enforcedFrom, previousEnforcedFrom },
      }),
    );
    await this.outbox.publishState(m, TOPICS.ipRegistrationState, enforcementStateValue(e, now));
  }

  private async read(m: EntityManager, environment: Environment, lock: boolean): Promise<Enforcement> {
    const rows: { enforcedFrom: Date | null; revision: number }[] = await m.query(
      `SELECT enforced_from AS "enforcedFrom", revision FROM "ip_registry".enforcement WHERE environment = $1${lock ? ' FOR UPDATE' : ''}`,
      [environment],
    );
    const row = rows[0];
    return { environment, enforcedFrom: row?.enforcedFrom?.toISOString() ?? null, revision: row?.revision ?? 0 };
  }
}

/** An environment's `paspoort.ip-registration-state.v1` value (key `enforcement:<environment>`), changed at `at`. */
export function enforcementStateValue(e: Enforcement, at: Date): EnforcementStateValue {
  return {
    key: enforcementKey(e.environment),
    revision: e.revision,
    updatedAt: at.toISOString(),
    kind: 'enforcement',
    environment: e.environment,
    enforcedFrom: e.enforcedFrom,
  };
}

/** Every environment whose instant was ever set (revision above 0), read FOR SHARE (the state-topic restorer). */
export async function readSetEnforcements(m: EntityManager): Promise<Enforcement[]> {
  const rows: { environment: Environment; enforcedFrom: Date | null; revision: number }[] = await m.query(
    `SELECT environment, enforced_from AS "enforcedFrom", revision FROM "ip_registry".enforcement
      WHERE revision > 0 ORDER BY environment FOR SHARE`,
  );
  return rows.map((row) => ({
    environment: row.environment,
    enforcedFrom: row.enforcedFrom?.toISOString() ?? null,
    revision: row.revision,
  }));
}
