/** RFC 4648 section 6 base32, the encoding of TOTP secrets in otpauth URIs. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Encodes bytes as upper-case base32 without `=` padding (authenticator apps accept, and prefer, it unpadded). */
export function encodeBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      output += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? output + ALPHABET[(buffer << (5 - bits)) & 31] : output;
}

/**
 * Decodes base32, either case, with or without trailing `=` padding; returns null for anything else (whitespace,
 * characters outside the alphabet, a length no encoder produces). Trailing partial bits are dropped.
 */
export function decodeBase32(text: string): Buffer | null {
  const body = text.replace(/=+$/, '').toUpperCase();
  if (!/^[A-Z2-7]*$/.test(body) || [1, 3, 6].includes(body.length % 8)) return null;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of body) {
    buffer = ((buffer << 5) | ALPHABET.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}
