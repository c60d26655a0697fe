import { randomBytes } from 'node:crypto';
import { SerialInvalid } from '../errors';

/** Produces the bytes of a fresh certificate serial; injected so tests can pin serials. */
export type SerialGenerator = () => Uint8Array;

/** Source of random bytes (defaults to node's CSPRNG). */
export type RandomSource = (size: number) => Uint8Array;

const SERIAL_BYTES = 16;
const MAX_OCTETS = 20;

/**
 * A fresh random serial: 16 bytes from the CSPRNG with the top bit cleared (so the INTEGER is positive with
 * no 0x00 sign byte) and a non-zero first byte (so its encoding is exactly 16 octets). At least 120 bits of
 * entropy, well above the 64 that CA/B Forum asks for; always at most 20 octets.
 */
export function randomSerial(random: RandomSource = randomBytes): Uint8Array {
  for (;;) {
    const bytes = Uint8Array.from(random(SERIAL_BYTES));
    bytes[0] &= 0x7f;
    if (bytes[0] !== 0) return bytes;
  }
}

/** The default serial generator. */
export const randomSerialGenerator: SerialGenerator = () => randomSerial();

/**
 * Formats the magnitude of a positive INTEGER (content octets, possibly with a 0x00 sign byte) as
 * `openssl x509 -noout -serial` prints it, lower-cased: even-length hex without leading zero bytes.
 */
export function formatSerial(bytes: Uint8Array): string {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.subarray(start)).toString('hex');
}

/**
 * True when `hex` is a canonical serial: lower-case even-length hex, no leading zero byte, not zero,
 * and its DER INTEGER encoding (sign byte included) fits in 20 octets.
 */
export function isValidSerial(hex: string): boolean {
  if (!/^(?:[0-9a-f]{2}){1,20}$/.test(hex) || hex.startsWith('00')) return false;
  const octets = hex.length / 2 + (parseInt(hex[0], 16) >= 8 ? 1 : 0);
  return octets <= MAX_OCTETS;
}

/**
 * Canonical serial from bytes or hex (accepts `0x` prefix, upper case, leading zeros). Throws `SerialInvalid`
 * unless the result satisfies `isValidSerial`.
 */
export function normalizeSerial(serial: Uint8Array | string): string {
  const hex =
    typeof serial === 'string' ? formatSerial(Buffer.from(evenHex(serial.replace(/^0x/i, '').toLowerCase()), 'hex')) : formatSerial(serial);
  if (!isValidSerial(hex)) throw new SerialInvalid(`serial ${JSON.stringify(hex)} is not a positive integer of at most 20 octets`);
  return hex;
}

function evenHex(hex: string): string {
  if (!/^[0-9a-f]+$/.test(hex)) throw new SerialInvalid('serial is not hexadecimal');
  return hex.length % 2 ? `0${hex}` : hex;
}
