import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** What a signature covers: a ledger head. */
export interface LedgerHead {
  sequence: number;
  hash: string;
}

export interface HeadSignature {
  signature: string;
  keyId: string;
  algorithm: 'Ed25519';
}

/** A public key that verifies ledger heads: the current one, or one retired by a key rotation. */
export interface LedgerPublicKey {
  keyId: string;
  algorithm: 'Ed25519';
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  status: 'current' | 'retired';
}

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Signs ledger heads with the audit service's Ed25519 key (the seed never leaves this object) and verifies them
 * with that key or with the public keys of keys retired by a rotation, so a new key does not turn every older
 * signature into a false tamper alarm.
 */
export class LedgerSigner {
  readonly keyId: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  private readonly verifiers = new Map<string, { key: KeyObject; status: LedgerPublicKey['status'] }>();

  constructor(seed: Buffer, retiredPublicKeys: readonly Buffer[] = []) {
    if (seed.length !== 32) throw new Error('the audit signing key must be a 32-byte Ed25519 seed');
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(this.publicKey);
    this.verifiers.set(this.keyId, { key: this.publicKey, status: 'current' });
    for (const raw of retiredPublicKeys) {
      if (raw.length !== 32) throw new Error('a retired audit public key must be a 32-byte Ed25519 public key');
      const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
      if (!this.verifiers.has(keyIdOf(key))) this.verifiers.set(keyIdOf(key), { key, status: 'retired' });
    }
  }

  sign(head: LedgerHead): HeadSignature {
    const signature = sign(null, signedText(head), this.privateKey).toString('base64');
    return { signature, keyId: this.keyId, algorithm: 'Ed25519' };
  }

  /**
   * True only for a signature of exactly this head by a known key: the one named by `keyId` (checkpoints carry
   * it), or, without one (signatures on ledger rows), the current key or any retired one.
   */
  verify(head: LedgerHead, signature: string, keyId?: string): boolean {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    const candidates = keyId === undefined ? [...this.verifiers.values()] : [this.verifiers.get(keyId)].filter((v) => v !== undefined);
    return candidates.some(({ key }) => {
      try {
        return verify(null, signedText(head), key, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    });
  }

  /** The public keys that verify ledger heads, for `GET /audit/signing-keys` and anyone checking checkpoints. */
  publicKeys(): LedgerPublicKey[] {
    return [...this.verifiers.entries()].map(([keyId, { key, status }]) => ({
      keyId,
      algorithm: 'Ed25519' as const,
      publicKey: key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length).toString('base64'),
      status,
    }));
  }
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

function signedText(head: LedgerHead): Buffer {
  return Buffer.from(`${head.sequence}:${head.hash}`, 'utf8');
}
