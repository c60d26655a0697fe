import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The previous hash of the first ledger row. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 (hex) over the previous row's hash, a newline and the canonical form of the event. */
export function chainHash(previousHash: string, event: unknown): string {
  return createHash('sha256')
    .update(`${previousHash}\n${canonicalJson(event)}`, 'utf8')
    .digest('hex');
}
