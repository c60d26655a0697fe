import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Environment } from '@paspoort/contracts';
import { encodeBase32 } from './base32';
import { TotpParameterInvalid } from './errors';
import { decodeTotpSecret, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp';

/** 160 bits, the HMAC-SHA-1 output size that RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20;

/** A source of cryptographically strong random bytes; injectable so tests can pin the secret. */
export type RandomBytes = (size: number) => Uint8Array;

/**
 * A fresh TOTP secret: 20 bytes from a CSPRNG (node:crypto by default), as 32 upper-case base32 characters.
 * The secret is the person's second factor: encrypt it at rest, never log it or put it in an event.
 */
export function generateTotpSecret(randomBytes: RandomBytes = cryptoRandomBytes): string {
  const bytes = randomBytes(TOTP_SECRET_BYTES);
  if (bytes.length !== TOTP_SECRET_BYTES) throw new TotpParameterInvalid(`randomBytes must return ${TOTP_SECRET_BYTES} bytes`);
  return encodeBase32(bytes);
}

/** The issuer shown in authenticator apps, one per environment so a person can tell the entries apart. */
export function totpIssuer(environment: Environment): string {
  return `Paspoort (${environment})`;
}

export interface OtpauthUriInput {
  secret: string;
  /** E.g. totpIssuer('production'); no colon, no control characters, 1..100 characters. */
  issuer: string;
  /** The person's account label; same rules as issuer. */
  accountName: string;
}

/**
 * The Key Uri Format URI (`otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`)
 * that the enrollment QR code carries. Label parts and the issuer parameter are percent-encoded (space as %20).
 * The URI contains the secret: hand it to the person only, never log it.
 * @throws TotpSecretInvalid, TotpParameterInvalid (a label part that is empty, too long or has a colon)
 */
export function buildOtpauthUri(input: OtpauthUriInput): string {
  decodeTotpSecret(input.secret);
  const issuer = encodeURIComponent(checkedLabel(input.issuer, 'issuer'));
  const accountName = encodeURIComponent(checkedLabel(input.accountName, 'accountName'));
  const secret = input.secret.replace(/=+$/, '').toUpperCase();
  const query = `secret=${secret}&issuer=${issuer}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
  return `otpauth://totp/${issuer}:${accountName}?${query}`;
}

/** The Key Uri Format separates issuer and account with a colon, so neither may contain one. */
function checkedLabel(value: string, name: string): string {
  if (typeof value !== 'string' || !/^[^:\u0000-\u001f\u007f]{1,100}$/.test(value)) {
    throw new TotpParameterInvalid(`${name} must be 1..100 characters without a colon or control characters`);
  }
  return value;
}
