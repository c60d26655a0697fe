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

/** Loads a DER SubjectPublicKeyInfo, or undefined when node cannot (bad point, unknown curve, garbage). */
export function loadPublicKey(spki: Uint8Array): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}
