import type { EventEnvelope } from '@paspoort/contracts';
import { chainHash } from './chain-hash';

/** An event as it came off a topic: the contract topic, the exact text received, and the validated envelope. */
export interface ReceivedEvent {
  topic: string;
  raw: string;
  event: EventEnvelope;
}

/** One ledger row before it is written. */
export interface LedgerRow {
  sequence: number;
  received: ReceivedEvent;
  hash: string;
  signature: string | null;
}

/** Extends the chain from `head` with each event in order (sequence = previous + 1). */
export function chainRows(head: { sequence: number; hash: string }, events: readonly ReceivedEvent[]): LedgerRow[] {
  let { sequence, hash } = head;
  return events.map((received) => {
    sequence += 1;
    hash = chainHash(hash, JSON.parse(received.raw) as unknown);
    return { sequence, received, hash, signature: null };
  });
}

/** Keeps the first occurrence of each event id and drops ids already in the ledger. */
export function newEventsOnly(events: readonly ReceivedEvent[], alreadyStored: ReadonlySet<string>): ReceivedEvent[] {
  const seen = new Set(alreadyStored);
  return events.filter(({ event }) => {
    const id = event.id.toLowerCase();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Postgres text cannot hold NUL; the filter columns drop it (the event text keeps it escaped). */
export function column(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : value.replace(/\u0000/g, '');
}
