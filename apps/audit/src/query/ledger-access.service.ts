import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { buildEvent, type AuditReadData } from '@paspoort/contracts';
import type { Principal } from '@paspoort/auth';
import { OutboxWriter } from '@paspoort/messaging';
import type { DataSource } from 'typeorm';
import { AUDIT_CLOCK, type Clock } from '../ledger/ledger.tokens';
import { describeFilters, type LedgerFilters } from './ledger-filters';

/**
 * Who may read what, and the record of it: a token manages one environment, so its reads are narrowed to that
 * environment; every query, export, stream and verification a caller opens becomes an `audit.read` event.
 */
@Injectable()
export class LedgerAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(AUDIT_CLOCK) private readonly clock: Clock,
  ) {}

  /** The filters this principal may use: its own environment only (403 FORBIDDEN_ENVIRONMENT for another). */
  scope(principal: Principal, filters: LedgerFilters): LedgerFilters {
    if (principal.environment === '*') return filters;
    if (filters.environment) principal.assertEnvironment(filters.environment);
    return { ...filters, environment: principal.environment };
  }

  /** Records the read before any row is returned (no record, no data). */
  async recordRead(principal: Principal, path: string, read: Omit<AuditReadData, 'filters'> & { filters: LedgerFilters }): Promise<void> {
    const filters = describeFilters(read.filters);
    const event = buildEvent({
      type: 'audit.read',
      source: 'audit',
      environment: principal.environment === '*' ? null : principal.environment,
      subject: path,
      actor: principal.actor,
      occurredAt: this.clock.now(),
      refs: { serial: principal.serial, personId: principal.subject.startsWith('person:') ? principal.subject.slice(7) : undefined },
      data: { kind: read.kind, ...(read.format ? { format: read.format } : {}), filters },
    });
    await this.outbox.publishEvent(this.dataSource.manager, event); // one statement: atomic on its own
  }
}
