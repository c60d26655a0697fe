import { isIPv4, isIPv6 } from 'node:net';
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { IpRuleError } from './errors';
import { parseIpv4Word, parseIpv6Words } from './ip-bits';
import { parseAddressOrRange, rangeContains } from './ip-range';

/** Text biased towards address-like spellings, so the properties reach the parser's corners, not only its guard. */
const addressish = fc.string({
  unit: fc.constantFrom(...'0123456789abcdefABCDEFx:./%- \t\n\u0010\u0000ffff'.split('')),
  maxLength: 50,
});
const realAddress = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.ipV4().map((v4) => `::ffff:${v4}`),
);
/** A real address with one character replaced or inserted: near misses are where parsers go wrong. */
const nearMiss = fc
  .tuple(
    realAddress,
    fc.nat(),
    fc.boolean(),
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 1 }),
      addressish.filter((x) => x.length === 1),
    ),
  )
  .map(([text, at, replace, char]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + char + text.slice(replace ? i + 1 : i);
  });
const candidate = fc.oneof(
  fc.string(),
  addressish,
  realAddress,
  nearMiss,
  fc.tuple(realAddress, fc.oneof(fc.integer({ min: -2, max: 130 }).map(String), addressish)).map(([a, p]) => `${a}/${p}`),
);
const hextets = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });

describe('ip-rules properties', () => {
  it('ok/parse throws nothing but a typed IpRuleError, for any string', () => {
    fc.assert(
      fc.property(candidate, (input) => {
        try {
          parseAddressOrRange(input);
        } catch (error: unknown) {
          if (!(error instanceof IpRuleError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('ok/the canonical form re-parses to itself', () => {
    fc.assert(
      fc.property(candidate, (input) => {
        let range;
        try {
          range = parseAddressOrRange(input);
        } catch {
          return;
        }
        expect(parseAddressOrRange(range.canonical)).toEqual(range);
      }),
      { numRuns: 5000 },
    );
  });

  it('ok/the address parsers accept exactly what node:net accepts (minus zone ids)', () => {
    fc.assert(
      fc.property(fc.oneof(addressish, realAddress, nearMiss), (text) => {
        expect(parseIpv4Word(text) !== null).toBe(isIPv4(text));
        expect(parseIpv6Words(text) !== null).toBe(isIPv6(text) && !text.includes('%'));
      }),
      { numRuns: 10000 },
    );
  });

  it('ok/ipv6 canonical text agrees with ipaddr.js RFC 5952 output (non-mapped addresses)', () => {
    fc.assert(
      fc.property(hextets, (groups) => {
        fc.pre(!(groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff));
        const text = groups.map((g) => g.toString(16)).join(':');
        expect(parseAddressOrRange(text).canonical).toBe(ipaddr.IPv6.parse(text).toRFC5952String());
      }),
      { numRuns: 3000 },
    );
  });

  it('ok/every address of a range is contained, the next one outside is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (word, prefix) => {
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
        const toText = (w: number): string => [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255].join('.');
        const network = (word & mask) >>> 0;
        const last = (network | ~mask) >>> 0;
        const range = parseAddressOrRange(`${toText(network)}/${prefix}`);
        expect(rangeContains(range, toText(word))).toBe(true);
        expect(rangeContains(range, `::ffff:${toText(last)}`)).toBe(true);
        if (last < 0xffffffff) expect(rangeContains(range, toText(last + 1))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
