import type { Response } from 'express';
import type { LedgerFilters } from './ledger-filters';
import type { LedgerReader } from './ledger-reader';
import { toItem } from './entry-format';

const PAGE = 500;
const KEEPALIVE_MS = 15000;

/**
 * Server-Sent Events of new ledger rows: polls for rows after the last sequence sent, so a client resumes with
 * `Last-Event-ID` (the sequence) and misses nothing. Without it, the stream starts at the current head.
 */
export async function streamLive(
  reader: LedgerReader,
  filters: LedgerFilters,
  response: Response,
  from: number,
  pollMs: number,
): Promise<void> {
  let closed = false;
  response.on('close', () => (closed = true));
  response.status(200);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache, no-transform');
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
  response.write(`retry: ${Math.max(pollMs, 1000)}\n\n`);
  let last = from;
  let lastWrite = Date.now();
  while (!closed) {
    try {
      const page = await reader.after(filters, last, PAGE);
      for (const entry of page) response.write(`id: ${entry.sequence}\ndata: ${JSON.stringify(toItem(entry))}\n\n`);
      if (page.length > 0) {
        last = page[page.length - 1].sequence;
        lastWrite = Date.now();
      }
      if (page.length === PAGE) continue;
    } catch {
      // The database is away: keep the stream open and try again; the client has its position either way.
    }
    if (Date.now() - lastWrite >= KEEPALIVE_MS) {
      response.write(': keep-alive\n\n');
      lastWrite = Date.now();
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  response.end();
}
