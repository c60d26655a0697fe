import { createHmac } from 'node:crypto';

/**
 * RFC 4226 HOTP with HMAC-SHA-1: the `digits`-digit code (zero-padded) of `key` at `counter`.
 * `counter` is a non-negative safe integer; the caller validates it and `digits` (6..8).
 */
export function hotpCode(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f; // dynamic truncation, RFC 4226 section 5.3
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}
