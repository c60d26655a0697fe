import type { DataSource } from 'typeorm';
import type { LedgerSigner } from '../ledger/ledger-signer';
import { ChainWalk, type Checkpoint, type StoredRow, type VerifyReport } from './chain-walk';

const PAGE = 2000;

export interface VerifyOptions {
  schema: string;
  signer: LedgerSigner;
  /** Checkpoints kept outside the database (read back from the checkpoint topic). */
  externalCheckpoints?: readonly Checkpoint[];
}

/** Walks the whole ledger in sequence order, a page at a time (constant memory), against every checkpoint. */
export async function verifyLedger(dataSource: DataSource, options: VerifyOptions): Promise<VerifyReport> {
  const stored: { sequence: string; hash: string; signature: string; key_id: string }[] = await dataSource.query(
    `SELECT sequence, hash, signature, key_id FROM "${options.schema}".checkpoints ORDER BY sequence`,
  );
  const checkpoints: Checkpoint[] = [
    ...stored.map((c) => ({
      sequence: Number(c.sequence),
      hash: c.hash,
      signature: c.signature,
      keyId: c.key_id,
      origin: 'database' as const,
    })),
    ...(options.externalCheckpoints ?? []),
  ];
  const walk = new ChainWalk(options.signer, checkpoints);
  let after = 0;
  while (!walk.done) {
    const page: { sequence: string; event: string; hash: string; signature: string | null }[] = await dataSource.query(
      `SELECT sequence, event, hash, signature FROM "${options.schema}".ledger WHERE sequence > $1 ORDER BY sequence LIMIT ${PAGE}`,
      [after],
    );
    for (const row of page) {
      const visited: StoredRow = { sequence: Number(row.sequence), event: row.event, hash: row.hash, signature: row.signature };
      if (!walk.visit(visited)) break;
    }
    if (page.length < PAGE) break;
    after = Number(page[page.length - 1].sequence);
  }
  return walk.finish();
}
