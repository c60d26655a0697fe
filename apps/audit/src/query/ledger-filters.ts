import { ENVIRONMENTS, EVENT_TYPES, SERIAL_PATTERN, type Environment } from '@paspoort/contracts';
import { badRequest } from '@paspoort/service-kit';

/** The filters of DESIGN.md, shared by the query, the exports and the live stream. */
export interface LedgerFilters {
  type?: string;
  personId?: string;
  serial?: string;
  organisationId?: string;
  environment?: Environment;
  outcome?: 'success' | 'refused';
  actor?: string;
  /** occurredAt >= from */
  from?: Date;
  /** occurredAt < to */
  to?: Date;
}

export interface LedgerQuery {
  filters: LedgerFilters;
  /** Rows strictly before this sequence (newest-first paging). */
  before?: number;
  limit: number;
}

type FilterName = Exclude<keyof LedgerFilters, 'from' | 'to'>;
const ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const ACTOR = /^(person:[A-Za-z0-9._-]{1,64}|system:[0-9a-f]{2,40}|bootstrap|service:[a-z-]{1,32})$/;
const TEXT_FILTERS: Record<FilterName, (v: string) => boolean> = {
  type: (v) => (EVENT_TYPES as readonly string[]).includes(v),
  personId: (v) => ID.test(v),
  serial: (v) => new RegExp(SERIAL_PATTERN).test(v),
  organisationId: (v) => ID.test(v),
  environment: (v) => (ENVIRONMENTS as readonly string[]).includes(v),
  outcome: (v) => v === 'success' || v === 'refused',
  actor: (v) => ACTOR.test(v),
};
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const MAX_LIMIT = 500;

/**
 * Reads the filters (and, where allowed, `cursor` and `limit`) from a query string; an unknown parameter, a repeated
 * one or a malformed value is a 400 with its own code, so a typo never silently widens a compliance query.
 */
export function parseLedgerQuery(query: Record<string, unknown>, paging: boolean): LedgerQuery {
  const allowed = new Set<string>([...Object.keys(TEXT_FILTERS), 'from', 'to', ...(paging ? ['cursor', 'limit'] : [])]);
  const filters: LedgerFilters = {};
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (!allowed.has(name))
      throw badRequest('UNKNOWN_FILTER', `unknown query parameter "${name.slice(0, 40)}"; allowed: ${[...allowed].join(', ')}`);
    if (typeof raw !== 'string') throw badRequest('INVALID_FILTER', `${name} must be given once, as text`);
    values[name] = raw;
  }
  for (const name of Object.keys(TEXT_FILTERS) as FilterName[]) {
    const value = values[name];
    if (value === undefined) continue;
    if (!TEXT_FILTERS[name](value)) throw badRequest('INVALID_FILTER', `${name} "${value.slice(0, 40)}" is not valid`);
    (filters as Record<string, string>)[name] = value;
  }
  if (values.from !== undefined) filters.from = instant('from', values.from);
  if (values.to !== undefined) filters.to = instant('to', values.to);
  if (filters.from && filters.to && filters.from >= filters.to) throw badRequest('INVALID_TIME_RANGE', 'from must be before to');
  return { filters, before: values.cursor === undefined ? undefined : decodeCursor(values.cursor), limit: limitOf(values.limit) };
}

/** The filters as given, for the `audit.read` event (who read what). */
export function describeFilters(filters: LedgerFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined) out[name] = value instanceof Date ? value.toISOString() : String(value);
  return out;
}

export function encodeCursor(sequence: number): string {
  return Buffer.from(`s:${sequence}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^s:([1-9]\d{0,15})$/.exec(text);
  if (!match) throw badRequest('INVALID_CURSOR', 'the cursor is not one this service issued');
  return Number(match[1]);
}

function limitOf(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const value = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)
    throw badRequest('INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  return value;
}

function instant(name: string, raw: string): Date {
  const value = new Date(raw);
  if (!INSTANT.test(raw) || Number.isNaN(value.getTime()))
    throw badRequest('INVALID_FILTER', `${name} must be an ISO-8601 instant with a time zone`);
  return value;
}
