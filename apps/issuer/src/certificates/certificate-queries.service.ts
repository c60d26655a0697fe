import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CERTIFICATE_STATUSES,
  ENVIRONMENTS,
  isEnvironment,
  PROFILES,
  type CertificateProfile,
  type CertificateStatus,
  type Environment,
} from '@paspoort/contracts';
import { AuthRefusal, badRequest, notFound } from '@paspoort/service-kit';
import type { Principal } from '@paspoort/auth';
import type { DataSource } from 'typeorm';
import { CertificateRepository, type CertificateFilter } from './certificate.repository';
import type { CertificateRecord } from './certificate-record';
import { certificateView, type CertificateView } from './certificate-view';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** Reads certificates for `operator` and `compliance-officer`, and for an org-admin its own organisation's. */
@Injectable()
export class CertificateQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificateRepository,
  ) {}

  async get(serial: string, principal: Principal): Promise<CertificateView> {
    const record = await this.certificates.find(this.dataSource.manager, serial);
    if (!record) throw notFound('CERTIFICATE_UNKNOWN', `no certificate with serial ${serial}`);
    principal.assertEnvironment(record.environment);
    if (!seesAll(principal) && !(record.organisationId && principal.isOrgAdminOf(record.organisationId))) {
      throw new AuthRefusal(403, 'FORBIDDEN_ORGANISATION', "an org-admin reads its own organisation's certificates only");
    }
    return certificateView(record);
  }

  async list(query: Record<string, unknown>, principal: Principal): Promise<{ items: CertificateView[]; nextCursor: string | null }> {
    const filter = readFilter(query, principal);
    if (!seesAll(principal) && !(filter.organisationId && principal.isOrgAdminOf(filter.organisationId))) {
      throw new AuthRefusal(403, 'FORBIDDEN_ORGANISATION', 'an org-admin lists with organisationId set to its own organisation');
    }
    const records = await this.certificates.list(this.dataSource.manager, { ...filter, limit: filter.limit + 1 });
    const page = records.slice(0, filter.limit);
    const nextCursor = records.length > filter.limit ? encodeCursor(page[page.length - 1]) : null;
    return { items: page.map(certificateView), nextCursor };
  }
}

function seesAll(principal: Principal): boolean {
  return principal.hasRole('operator') || principal.hasRole('compliance-officer');
}

function readFilter(query: Record<string, unknown>, principal: Principal): CertificateFilter {
  const text = (name: string, maxLength = 64): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength)
      throw badRequest('FILTER_INVALID', `${name} must be one non-empty value`);
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = text(name);
    if (value !== undefined && !(allowed as readonly string[]).includes(value))
      throw badRequest('FILTER_INVALID', `${name} must be one of ${allowed.join(', ')}`);
    return value as T | undefined;
  };
  const environment = text('environment');
  if (environment !== undefined && !isEnvironment(environment))
    throw badRequest('ENVIRONMENT_UNKNOWN', `environment must be one of ${ENVIRONMENTS.join(', ')}`);
  if (environment !== undefined) principal.assertEnvironment(environment);
  const environments: readonly Environment[] = environment ? [environment] : ENVIRONMENTS.filter((e) => principal.managesEnvironment(e));
  return {
    environments,
    personId: text('personId'),
    organisationId: text('organisationId'),
    status: oneOf<CertificateStatus>('status', CERTIFICATE_STATUSES),
    profile: oneOf<CertificateProfile>('profile', PROFILES),
    after: decodeCursor(text('cursor', 256)),
    limit: readLimit(text('limit')),
  };
}

function readLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw badRequest('LIMIT_INVALID', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  return limit;
}

function encodeCursor(r: CertificateRecord): string {
  return Buffer.from(`${r.createdAt.toISOString()}|${r.serial}`, 'utf8').toString('base64url');
}

function decodeCursor(raw: string | undefined): CertificateFilter['after'] {
  if (raw === undefined) return undefined;
  const [at, serial, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (rest.length > 0 || !serial || !/^[0-9a-f]{2,40}$/.test(serial) || Number.isNaN(createdAt.getTime())) {
    throw badRequest('CURSOR_INVALID', 'cursor is not a cursor this service returned');
  }
  return { createdAt, serial };
}
