import type { EventEnvelope } from '@paspoort/contracts';
import type request from 'supertest';

export interface LedgerItem {
  sequence: number;
  event: EventEnvelope;
}

/** Every ledger entry matching the filters, oldest first, read page by page through `GET /audit/events`. */
export async function ledgerEntries(
  audit: () => ReturnType<typeof request>,
  auth: Record<string, string>,
  filters: Record<string, string>,
): Promise<LedgerItem[]> {
  const items: LedgerItem[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...filters, limit: '500', ...(cursor ? { cursor } : {}) });
    const answer = await audit().get(`/audit/events?${query.toString()}`).set(auth);
    if (answer.status !== 200) throw new Error(`audit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    items.push(...(answer.body.items as LedgerItem[]));
    cursor = answer.body.nextCursor as string | null;
  } while (cursor);
  return items.reverse();
}
