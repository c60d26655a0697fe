import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit.config';
import type { LedgerFilters } from './ledger-filters';

/** A ledger row as readers see it: the event exactly as received, with its place in the chain. */
export interface LedgerEntry {
  sequence: number;
  ingestedAt: string;
  hash: string;
  /** The event text as received (JSON). */
  event: string;
}

const COLUMNS: Record<string, string> = {
  type: 'type',
  personId: 'person_id',
  serial: 'serial',
  organisationId: 'organisation_id',
  environment: 'environment',
  outcome: 'outcome',
  actor: 'actor',
};

/** Keyset reads of the ledger with the filters of DESIGN.md; every read is a bounded page. */
@Injectable()
export class LedgerReader {
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_CONFIG) config: AuditConfig,
  ) {
    this.table = `"${config.common.schema}".ledger`;
  }

  /** Newest first, strictly before `before` when given. */
  async newest(filters: LedgerFilters, limit: number, before?: number): Promise<LedgerEntry[]> {
    return this.page(filters, limit, before === undefined ? undefined : { op: '<', sequence: before }, 'DESC');
  }

  /** Oldest first, strictly after `after` (exports and the live stream). */
  async after(filters: LedgerFilters, after: number, limit: number): Promise<LedgerEntry[]> {
    return this.page(filters, limit, { op: '>', sequence: after }, 'ASC');
  }

  async headSequence(): Promise<number> {
    const [row]: { sequence: string | null }[] = await this.dataSource.query(`SELECT max(sequence) AS sequence FROM ${this.table}`);
    return Number(row.sequence ?? 0);
  }

  private async page(
    filters: LedgerFilters,
    limit: number,
    bound: { op: '<' | '>'; sequence: number } | undefined,
    order: 'ASC' | 'DESC',
  ): Promise<LedgerEntry[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    for (const [name, columnName] of Object.entries(COLUMNS)) {
      const value = filters[name as keyof LedgerFilters];
      if (value !== undefined) where.push(`${columnName} = $${params.push(value)}`);
    }
    if (filters.from) where.push(`occurred_at >= $${params.push(filters.from)}`);
    if (filters.to) where.push(`occurred_at < $${params.push(filters.to)}`);
    if (bound) where.push(`sequence ${bound.op} $${params.push(bound.sequence)}`);
    const rows: { sequence: string; ingested_at: Date; hash: string; event: string }[] = await this.dataSource.query(
      `SELECT sequence, ingested_at, hash, event FROM ${this.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY sequence ${order} LIMIT ${Math.floor(limit)}`,
      params,
    );
    return rows.map((r) => ({ sequence: Number(r.sequence), ingestedAt: r.ingested_at.toISOString(), hash: r.hash, event: r.event }));
  }
}
