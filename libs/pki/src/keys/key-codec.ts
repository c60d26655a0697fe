import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { encodePem } from '../asn1/pem';
import { ensureCryptoProvider } from '../crypto-provider';
import { CaKeyUnsupported } from '../errors';
import type { CaCurve } from './ca-key-pair';
import type { CryptoKeyPair, CryptoKey } from './web-crypto-types';

const NODE_CURVES: Readonly<Record<string, CaCurve>> = { prime256v1: 'P-256', secp384r1: 'P-384' };

/** Exports a private CryptoKey as DER PKCS#8 (the key must be extractable). */
export async function exportPrivateKeyPkcs8(privateKey: CryptoKey): Promise<Buffer> {
  const crypto = ensureCryptoProvider();
  return Buffer.from(await crypto.subtle.exportKey('pkcs8', privateKey));
}

/** PEM `PRIVATE KEY` (PKCS#8) of a DER PKCS#8 key. Treat the result as secret. */
export function pkcs8ToPem(pkcs8Der: Uint8Array): string {
  return encodePem('PRIVATE KEY', pkcs8Der);
}

/** Exports a public CryptoKey as DER SubjectPublicKeyInfo. */
export async function exportSpki(publicKey: CryptoKey): Promise<Buffer> {
  const crypto = ensureCryptoProvider();
  return Buffer.from(await crypto.subtle.exportKey('spki', publicKey));
}

/** Node KeyObject view of a CryptoKey (no copy of the secret leaves the process). */
export function toKeyObject(key: CryptoKey): KeyObject {
  return KeyObject.from(key);
}

/**
 * Imports an ECDSA P-256/P-384 private key given as DER PKCS#8 or PEM (`PRIVATE KEY` or `EC PRIVATE KEY`) and
 * returns the key pair as WebCrypto keys, the public half derived from the private one.
 * Throws `CaKeyUnsupported` for any other key type, curve, or unreadable input.
 */
export async function importCaKeyPair(key: Uint8Array | string, extractable = false): Promise<CryptoKeyPair> {
  const privateObject = readPrivateKey(key);
  const curve = NODE_CURVES[privateObject.asymmetricKeyDetails?.namedCurve ?? ''];
  if (privateObject.asymmetricKeyType !== 'ec' || !curve) {
    throw new CaKeyUnsupported('CA key must be ECDSA on P-256 or P-384');
  }
  const crypto = ensureCryptoProvider();
  const algorithm = { name: 'ECDSA', namedCurve: curve };
  const pkcs8 = privateObject.export({ format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateObject).export({ format: 'der', type: 'spki' });
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, algorithm, extractable, ['sign']);
  const publicKey = await crypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
  return { privateKey, publicKey };
}

function readPrivateKey(key: Uint8Array | string): KeyObject {
  try {
    if (typeof key === 'string') return createPrivateKey({ key, format: 'pem' });
    return createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
  } catch {
    throw new CaKeyUnsupported('CA private key cannot be read (expected PKCS#8 DER or PEM)');
  }
}
