import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './signature-algorithms';

/** Input of `verifySignature`. ECDSA signatures are DER `ECDSA-Sig-Value`, as in X.509 and PKCS#10. */
export interface SignatureCheck {
  /** DER SubjectPublicKeyInfo of the signer. */
  spki: Uint8Array;
  algorithm: SignatureAlgorithm;
  data: Uint8Array;
  signature: Uint8Array;
}

/**
 * The one signature check of the CA core (CSR proof of possession, certificate chains, Wycheproof-tested).
 * Returns false, never throws, for a bad signature, a non-DER or non-canonical ECDSA encoding, an
 * unloadable key, or a key whose type does not match the algorithm (RSA PKCS#1 v1.5 or ECDSA only).
 */
export function verifySignature(check: SignatureCheck): boolean {
  const spec = SIGNATURE_ALGORITHMS[check.algorithm];
  const key = loadPublicKey(check.spki);
  if (!key || key.asymmetricKeyType !== spec.keyType) return false;
  try {
    const options = spec.keyType === 'ec' ? { key, dsaEncoding: 'der' as const } : { key };
    return verify(spec.hash, check.data, options, check.signature);
  } catch {
    return false;
  }
}

const KEY_CACHE_SIZE = 256;
const keyCache = new Map<string, KeyObject>();

/**
 * Loads a DER SubjectPublicKeyInfo, or undefined when node cannot (bad point, unknown curve, garbage). Valid keys
 * are kept in a small cache keyed by their exact bytes: CA keys verify every chain and issuance, so this is hot.
 */
export function loadPublicKey(spki: Uint8Array): KeyObject | undefined {
  const id = Buffer.from(spki).toString('base64');
  const cached = keyCache.get(id);
  if (cached) return cached;
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(id, key);
    return key;
  } catch {
    return undefined;
  }
}
