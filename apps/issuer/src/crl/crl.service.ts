import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Environment } from '@paspoort/contracts';
import { buildCrl, type Clock, type CrlEntry } from '@paspoort/pki';
import type { DataSource, EntityManager } from 'typeorm';
import { CaHierarchy } from '../ca/ca-hierarchy';
import { CertificateRepository } from '../certificates/certificate.repository';
import type { CertificateRecord } from '../certificates/certificate-record';
import { ISSUER_CLOCK } from '../clock/issuer-clock';
import { ISSUER_CONFIG, type IssuerConfig } from '../config/issuer.config';

/** CRLs older than the newest few are pruned: only the latest is ever served. */
const KEPT_CRLS = 10;

/** Builds, stores and serves each environment's CRL. Status changes and CRLs of one environment are serialised. */
@Injectable()
export class CrlService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
    @Inject(ISSUER_CLOCK) private readonly clock: Clock,
    private readonly hierarchy: CaHierarchy,
    private readonly certificates: CertificateRepository,
  ) {}

  /** Serialises status changes and CRL numbers of one environment until the caller's transaction ends. */
  async lockEnvironment(manager: EntityManager, environment: Environment): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`paspoort:issuer:status:${environment}`]);
  }

  /** Builds and stores the next CRL from the statuses visible in the caller's transaction (lock held). */
  async regenerate(manager: EntityManager, environment: Environment): Promise<void> {
    const thisUpdate = this.clock.now();
    const nextUpdate = new Date(thisUpdate.getTime() + this.config.ca.crlValidityHours * 3600_000);
    const [{ number }]: { number: string }[] = await manager.query(
      `SELECT COALESCE(MAX(number), 0) + 1 AS number FROM issuer.crls WHERE environment = $1`,
      [environment],
    );
    const ca = this.hierarchy.issuingCa(environment);
    const entries = (await this.certificates.listedOnCrl(manager, environment, thisUpdate)).map(crlEntryOf);
    const der = await buildCrl({
      issuingCa: ca.certificate,
      issuingKeys: ca.keys,
      crlNumber: BigInt(number),
      thisUpdate,
      nextUpdate,
      entries,
    });
    await manager.query(`INSERT INTO issuer.crls (environment, number, der, this_update, next_update) VALUES ($1, $2, $3, $4, $5)`, [
      environment,
      number,
      der,
      thisUpdate,
      nextUpdate,
    ]);
    await manager.query(`DELETE FROM issuer.crls WHERE environment = $1 AND number <= $2`, [
      environment,
      (BigInt(number) - BigInt(KEPT_CRLS)).toString(),
    ]);
  }

  /** Regenerates the CRL when there is none or when less than half its validity is left (never stale). */
  async refreshIfDue(environment: Environment): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockEnvironment(manager, environment);
      const latest = await this.latestRow(manager, environment);
      const halfValidityMs = (this.config.ca.crlValidityHours * 3600_000) / 2;
      if (latest && latest.nextUpdate.getTime() - this.clock.now().getTime() > halfValidityMs) return false;
      await this.regenerate(manager, environment);
      return true;
    });
  }

  async latest(environment: Environment): Promise<Buffer | undefined> {
    return (await this.latestRow(this.dataSource.manager, environment))?.der;
  }

  private async latestRow(manager: EntityManager, environment: Environment): Promise<{ der: Buffer; nextUpdate: Date } | undefined> {
    const rows: { der: Buffer; next_update: Date }[] = await manager.query(
      `SELECT der, next_update FROM issuer.crls WHERE environment = $1 ORDER BY number DESC LIMIT 1`,
      [environment],
    );
    return rows[0] && { der: rows[0].der, nextUpdate: new Date(rows[0].next_update) };
  }
}

/** A block is listed as certificateHold at the block instant; a revocation with its reason at its instant. */
export function crlEntryOf(r: CertificateRecord): CrlEntry {
  if (r.status === 'blocked') return { serial: r.serial, revokedAt: r.statusChangedAt, reason: 'certificateHold' };
  return { serial: r.serial, revokedAt: r.revokedAt ?? r.statusChangedAt, reason: r.revocationReason ?? 'unspecified' };
}
