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

/** Signs and verifies ledger heads with the audit service's Ed25519 key; the seed never leaves this object. */
export class LedgerSigner {
  readonly keyId: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(seed: Buffer) {
    if (seed.length !== 32) throw new Error('the audit signing key must be a 32-byte Ed25519 seed');
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
    const spki = this.publicKey.export({ format: 'der', type: 'spki' });
    this.keyId = createHash('sha256').update(spki).digest('hex').slice(0, 16);
  }

  sign(head: LedgerHead): HeadSignature {
    const signature = sign(null, signedText(head), this.privateKey).toString('base64');
    return { signature, keyId: this.keyId, algorithm: 'Ed25519' };
  }

  /** True only for a signature of exactly this head by this key. */
  verify(head: LedgerHead, signature: string, keyId = this.keyId): boolean {
    if (keyId !== this.keyId || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
    try {
      return verify(null, signedText(head), this.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

function signedText(head: LedgerHead): Buffer {
  return Buffer.from(`${head.sequence}:${head.hash}`, 'utf8');
}
