import type { webcrypto } from 'node:crypto';
import { ensureCryptoProvider } from '../crypto-provider';
import type { CryptoKeyPair, CryptoKey } from './web-crypto-types';

/** Curves a CA key may use: P-256 by default, P-384 by configuration. */
export const CA_CURVES = ['P-256', 'P-384'] as const;
export type CaCurve = (typeof CA_CURVES)[number];

/** WebCrypto signing parameters for an ECDSA CA key: SHA-256 on P-256, SHA-384 on P-384. */
export interface CaSigningAlgorithm {
  name: 'ECDSA';
  hash: 'SHA-256' | 'SHA-384';
}

/**
 * Generates an ECDSA CA key pair on `curve`. The private key is extractable so that it can be exported as
 * PKCS#8 and encrypted at rest (`encryptPrivateKey`); it must never be exported for any other purpose.
 */
export async function generateCaKeyPair(curve: CaCurve = 'P-256'): Promise<CryptoKeyPair> {
  const crypto = ensureCryptoProvider();
  const algorithm = { name: 'ECDSA', namedCurve: curve };
  return crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

/** The curve of an ECDSA CryptoKey, or undefined when it is not a P-256/P-384 ECDSA key. */
export function caCurveOf(key: CryptoKey): CaCurve | undefined {
  const algorithm = key.algorithm as webcrypto.EcKeyAlgorithm;
  if (algorithm.name !== 'ECDSA') return undefined;
  return (CA_CURVES as readonly string[]).includes(algorithm.namedCurve) ? (algorithm.namedCurve as CaCurve) : undefined;
}

/** The hash that goes with a CA key's curve (SHA-256 for P-256, SHA-384 for P-384). */
export function signingAlgorithmFor(key: CryptoKey): CaSigningAlgorithm {
  return { name: 'ECDSA', hash: caCurveOf(key) === 'P-384' ? 'SHA-384' : 'SHA-256' };
}
