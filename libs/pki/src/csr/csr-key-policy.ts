import { loadPublicKey } from '../signature/verify-signature';
import { CsrKeyTooWeak, CsrKeyUnsupported } from '../errors';

/** The holder key of an accepted CSR. */
export type CsrKey = { type: 'ec'; curve: 'P-256' | 'P-384' } | { type: 'rsa'; bits: number };

const EC_CURVES: Readonly<Record<string, 'P-256' | 'P-384'>> = { prime256v1: 'P-256', secp384r1: 'P-384' };
const RSA_MIN_BITS = 2048;
const RSA_MAX_BITS = 4096;
const RSA_MIN_EXPONENT = 65537n;
const RSA_MAX_EXPONENT = 2n ** 256n;

/**
 * Classifies a holder public key against Paspoort's key policy: ECDSA P-256 or P-384 (named curve, valid
 * point) or RSA 2048–4096 bits with an odd exponent in [65537, 2^256). Throws `CsrKeyTooWeak` for RSA under
 * 2048 bits and `CsrKeyUnsupported` for everything else (Ed25519, P-521, RSA-PSS keys, DSA, bad points).
 */
export function classifyCsrKey(spki: Uint8Array): CsrKey {
  const key = loadPublicKey(spki);
  if (!key) throw new CsrKeyUnsupported('public key cannot be loaded');
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const curve = EC_CURVES[details.namedCurve ?? ''];
    if (!curve) throw new CsrKeyUnsupported(`EC curve ${details.namedCurve ?? 'explicit'} is not accepted; use P-256 or P-384`);
    return { type: 'ec', curve };
  }
  if (key.asymmetricKeyType === 'rsa') return checkRsa(details.modulusLength ?? 0, details.publicExponent ?? 0n);
  throw new CsrKeyUnsupported(`${key.asymmetricKeyType ?? 'unknown'} keys are not accepted; use ECDSA P-256/P-384 or RSA`);
}

function checkRsa(bits: number, exponent: bigint): CsrKey {
  if (bits < RSA_MIN_BITS) throw new CsrKeyTooWeak(`RSA key of ${bits} bits; at least ${RSA_MIN_BITS} are required`);
  if (bits > RSA_MAX_BITS) throw new CsrKeyUnsupported(`RSA key of ${bits} bits; at most ${RSA_MAX_BITS} are accepted`);
  const exponentOk = exponent % 2n === 1n && exponent >= RSA_MIN_EXPONENT && exponent < RSA_MAX_EXPONENT;
  if (!exponentOk) throw new CsrKeyUnsupported('RSA public exponent must be odd and in [65537, 2^256)');
  return { type: 'rsa', bits };
}
