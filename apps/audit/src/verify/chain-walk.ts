import { chainHash, GENESIS_HASH } from '../ledger/chain-hash';
import type { LedgerSigner } from '../ledger/ledger-signer';

/** A signed head from the checkpoints table or the checkpoint topic. */
export interface Checkpoint {
  sequence: number;
  hash: string;
  signature: string;
  keyId: string;
  origin: 'database' | 'topic';
}

export interface StoredRow {
  sequence: number;
  event: string;
  hash: string;
  signature: string | null;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  /** The lowest sequence that can no longer be trusted; null when everything verifies. */
  firstBrokenSequence: number | null;
  /** What was found, in words (null when ok). */
  problem: string | null;
  checkpoints: number;
}

/**
 * Walks the chain row by row (pure; the caller feeds pages in sequence order). A row breaks the chain when its
 * sequence is not the previous plus one or its hash is not SHA-256(previous hash, canonical event). Signatures
 * (on the last row of every append, and the checkpoints) anchor the chain: when a signature or checkpoint does
 * not match, everything after the last verified anchor is untrusted (a recomputed chain looks internally sound).
 */
export class ChainWalk {
  private previous = { sequence: 0, hash: GENESIS_HASH, signed: true };
  private lastAnchor = 0;
  private checked = 0;
  private broken?: { sequence: number; problem: string };
  private readonly expected = new Map<number, Checkpoint>();

  constructor(
    private readonly signer: LedgerSigner,
    checkpoints: readonly Checkpoint[],
  ) {
    for (const checkpoint of checkpoints) {
      if (!signer.verify(checkpoint, checkpoint.signature, checkpoint.keyId)) {
        this.fail(checkpoint.sequence, `the ${checkpoint.origin} checkpoint at ${checkpoint.sequence} has no valid signature`);
        continue;
      }
      const known = this.expected.get(checkpoint.sequence);
      if (known && known.hash !== checkpoint.hash)
        this.fail(checkpoint.sequence, `two signed checkpoints disagree at ${checkpoint.sequence}`);
      this.expected.set(checkpoint.sequence, checkpoint);
    }
  }

  get done(): boolean {
    return this.broken !== undefined;
  }

  /** Feeds the next row; false once the chain is found broken (stop walking). */
  visit(row: StoredRow): boolean {
    if (this.broken) return false;
    this.checked += 1;
    if (row.sequence !== this.previous.sequence + 1)
      return this.fail(this.previous.sequence + 1, `sequence ${this.previous.sequence + 1} is missing (next row is ${row.sequence})`);
    let hash: string;
    try {
      hash = chainHash(this.previous.hash, JSON.parse(row.event) as unknown);
    } catch {
      return this.fail(row.sequence, `the event at ${row.sequence} is not JSON`);
    }
    if (hash !== row.hash) return this.fail(row.sequence, `the hash at ${row.sequence} does not match its event and the previous hash`);
    if (row.signature !== null) {
      if (!this.signer.verify({ sequence: row.sequence, hash }, row.signature))
        return this.failAfterAnchor(`the signature at ${row.sequence} does not match`);
      this.lastAnchor = row.sequence;
    }
    const checkpoint = this.expected.get(row.sequence);
    if (checkpoint) {
      if (checkpoint.hash !== hash)
        return this.failAfterAnchor(`the ${checkpoint.origin} checkpoint at ${row.sequence} signed another hash`);
      this.lastAnchor = row.sequence;
    }
    this.previous = { sequence: row.sequence, hash, signed: row.signature !== null };
    return true;
  }

  /** Ends the walk: the head must be signed, and no checkpoint may lie beyond it (truncation). */
  finish(): VerifyReport {
    if (!this.broken) {
      const highest = Math.max(0, ...this.expected.keys());
      if (highest > this.previous.sequence)
        this.fail(this.previous.sequence + 1, `the ledger ends at ${this.previous.sequence} but a checkpoint signed ${highest}`);
      else if (!this.previous.signed)
        this.failAfterAnchor(`the head ${this.previous.sequence} is not signed (rows appended outside the writer)`);
    }
    return {
      ok: !this.broken,
      checked: this.checked,
      firstBrokenSequence: this.broken?.sequence ?? null,
      problem: this.broken?.problem ?? null,
      checkpoints: this.expected.size,
    };
  }

  private failAfterAnchor(problem: string): false {
    return this.fail(this.lastAnchor + 1, problem);
  }

  private fail(sequence: number, problem: string): false {
    if (!this.broken || sequence < this.broken.sequence) this.broken = { sequence, problem };
    return false;
  }
}
