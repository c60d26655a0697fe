import type { Response } from 'express';
import type { LedgerFilters } from './ledger-filters';
import type { LedgerReader } from './ledger-reader';
import { toItem } from './entry-format';

const PAGE = 500;
const KEEPALIVE_MS = 15000;
/** The one refusal that does not end a stream: the status view cannot tell, so rows wait until it can. */
const UNDECIDED = 'STATUS_VIEW_STALE';

/** Whether the caller may still receive rows: undefined while they may, else the refusal a new request would get. */
export type StreamStanding = () => { code: string; message: string } | undefined;

/**
 * Server-Sent Events of new ledger rows: polls for rows after the last sequence sent, so a client resumes with
 * `Last-Event-ID` (the sequence) and misses nothing. Without it, the stream starts at the current head.
 * Before every poll the caller's standing is checked again; once their token has expired or its certificate is
 * blocked or revoked, one `event: end` carrying `{code, message}` is sent and the response ends.
 */
export async function streamLive(
  reader: LedgerReader,
  filters: LedgerFilters,
  response: Response,
  from: number,
  pollMs: number,
  standing: StreamStanding,
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
    const refusal = standing();
    if (refusal && refusal.code !== UNDECIDED) {
      response.write(`event: end\ndata: ${JSON.stringify({ code: refusal.code, message: refusal.message })}\n\n`);
      break;
    }
    if (!refusal) {
      const sent = await sendNewRows(reader, filters, response, last);
      if (sent.length > 0) {
        last = sent.last;
        lastWrite = Date.now();
      }
      if (sent.length === PAGE) continue;
    }
    if (Date.now() - lastWrite >= KEEPALIVE_MS) {
      response.write(': keep-alive\n\n');
      lastWrite = Date.now();
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  response.end();
}

/** Writes the next page of rows after `after`; the database being away sends nothing (the client keeps its position). */
async function sendNewRows(
  reader: LedgerReader,
  filters: LedgerFilters,
  response: Response,
  after: number,
): Promise<{ length: number; last: number }> {
  try {
    const page = await reader.after(filters, after, PAGE);
    for (const entry of page) response.write(`id: ${entry.sequence}\ndata: ${JSON.stringify(toItem(entry))}\n\n`);
    return { length: page.length, last: page.length > 0 ? page[page.length - 1].sequence : after };
  } catch {
    return { length: 0, last: after };
  }
}
