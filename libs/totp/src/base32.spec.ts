import * as fc from 'fast-check';
import { authenticator } from 'otplib';
import { decodeBase32, encodeBase32 } from './base32';

describe('base32', () => {
  // RFC 4648 section 10.
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];
  it.each(vectors)('ok/RFC 4648 vector %j', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain))).toBe(encoded.replace(/=+$/, ''));
    expect(decodeBase32(encoded)?.toString()).toBe(plain);
    expect(decodeBase32(encoded.replace(/=+$/, ''))?.toString()).toBe(plain);
    expect(decodeBase32(encoded.toLowerCase())?.toString()).toBe(plain);
  });

  it.each([
    ['fail/digit 1', 'MZXW1YTB'],
    ['fail/digit 0', 'MZXW0YTB'],
    ['fail/inner space', 'MZXW 6YTB'],
    ['fail/leading space', ' MZXW6YTB'],
    ['fail/impossible length 1', 'M'],
    ['fail/impossible length 3', 'MZX'],
    ['fail/impossible length 6', 'MZXW6Y'],
    ['fail/padding in the middle', 'MY==MZXQ'],
    ['fail/non-ascii', 'MZXW6YTÄ'],
  ])('%s', (_name, text) => {
    expect(decodeBase32(text)).toBeNull();
  });

  it('ok/round-trips and agrees with otplib', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = encodeBase32(bytes);
        expect(decodeBase32(encoded)).toEqual(Buffer.from(bytes));
        if (bytes.length > 0) expect(authenticator.decode(encoded)).toBe(Buffer.from(bytes).toString('hex'));
      }),
      { numRuns: 500 },
    );
  });
});
