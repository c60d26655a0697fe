import type { Response } from 'express';
import type { LedgerFilters } from './ledger-filters';
import type { LedgerEntry, LedgerReader } from './ledger-reader';

const PAGE = 1000;

/**
 * Streams every matching row, oldest first, a keyset page at a time and waiting for the socket to drain, so memory
 * stays constant whatever the size. Stops when the client goes away.
 */
export async function streamLedger(
  reader: LedgerReader,
  filters: LedgerFilters,
  response: Response,
  line: (entry: LedgerEntry) => string,
): Promise<void> {
  let closed = false;
  response.on('close', () => (closed = true));
  let after = 0;
  while (!closed) {
    const page = await reader.after(filters, after, PAGE);
    const chunk = page.map(line).join('');
    if (chunk && !response.write(chunk)) await drained(response);
    if (page.length < PAGE) break;
    after = page[page.length - 1].sequence;
  }
  response.end();
}

function drained(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
