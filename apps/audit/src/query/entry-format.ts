import type { EventEnvelope } from '@paspoort/contracts';
import type { LedgerEntry } from './ledger-reader';

/** A ledger entry in JSON answers: the event as received, with its place in the chain. */
export interface LedgerItem {
  sequence: number;
  ingestedAt: string;
  hash: string;
  event: EventEnvelope;
}

export function toItem(entry: LedgerEntry): LedgerItem {
  return { sequence: entry.sequence, ingestedAt: entry.ingestedAt, hash: entry.hash, event: JSON.parse(entry.event) as EventEnvelope };
}

/** One NDJSON line (the event re-serialised on one line, members in the order received). */
export function ndjsonLine(entry: LedgerEntry): string {
  return `${JSON.stringify(toItem(entry))}\n`;
}

export const CSV_COLUMNS = [
  'sequence',
  'ingestedAt',
  'occurredAt',
  'type',
  'environment',
  'source',
  'subject',
  'actor',
  'outcome',
  'personId',
  'serial',
  'organisationId',
  'eventId',
  'hash',
  'data',
] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** One RFC 4180 line; a cell a spreadsheet would run as a formula is prefixed with a quote. */
export function csvLine(entry: LedgerEntry): string {
  const { event } = toItem(entry);
  const cells = [
    String(entry.sequence),
    entry.ingestedAt,
    event.occurredAt,
    event.type,
    event.environment ?? '',
    event.source,
    event.subject,
    event.actor,
    event.outcome,
    event.refs.personId ?? '',
    event.refs.serial ?? '',
    event.refs.organisationId ?? '',
    event.id,
    entry.hash,
    JSON.stringify(event.data),
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
