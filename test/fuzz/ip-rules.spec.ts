import * as fc from 'fast-check';
import type { IpRegistrationView } from '@paspoort/contracts';
import { decideIpAccess, IpRuleError, parseAddressOrRange, rangeContains } from '@paspoort/ip-rules';
import { expectOnly, fuzzParameters } from './support/fuzz-runs';

/** Every way to write one IPv4 address that a client or a proxy might send. */
function spellings(v4: number): string[] {
  const octets = [v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff];
  const dotted = octets.join('.');
  const high = ((v4 >>> 16) & 0xffff).toString(16);
  const low = (v4 & 0xffff).toString(16);
  const pad = (h: string) => h.padStart(4, '0');
  return [
    dotted,
    `::ffff:${dotted}`,
    `::FFFF:${dotted}`,
    `0:0:0:0:0:ffff:${dotted}`,
    `0000:0000:0000:0000:0000:FFFF:${dotted}`,
    `::ffff:${high}:${low}`,
    `::FFFF:${high.toUpperCase()}:${low.toUpperCase()}`,
    `0:0:0:0:0:ffff:${pad(high)}:${pad(low)}`,
    `::0:ffff:${high}:${low}`,
  ];
}

/** Spellings that are NOT the IPv4 address (IPv4-compatible, NAT64, 6to4) and must never match an IPv4 registration. */
function lookalikes(v4: number): string[] {
  const dotted = [v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff].join('.');
  const high = ((v4 >>> 16) & 0xffff).toString(16);
  const low = (v4 & 0xffff).toString(16);
  return [`::${dotted}`, `64:ff9b::${dotted}`, `2002:${high}:${low}::`, `::ffff:0:${dotted}`, `::fffe:${dotted}`];
}

const ipv4Word = fc.integer({ min: 0, max: 0xffffffff });
const registeredRange = fc.tuple(ipv4Word, fc.integer({ min: 8, max: 32 })).map(([word, prefix]) => {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (word & mask) >>> 0;
  return { network, prefix, text: `${spellings(network)[0]}/${prefix}` };
});
const view = (address: string): IpRegistrationView => ({ id: 'r-1', address, validFrom: '2020-01-01T00:00:00.000Z', validUntil: null });
const NOW = new Date('2026-01-01T00:00:00Z');
const ENFORCED = new Date('2025-01-01T00:00:00Z');

describe('fuzz: IPv6 and IPv4-mapped spellings cannot bypass an IPv4 registration', () => {
  it('ok/every spelling of an address inside a registered range gets the same decision as the dotted quad', () => {
    fc.assert(
      fc.property(registeredRange, fc.nat(), fc.boolean(), (range, offset, inside) => {
        const size = 2 ** (32 - range.prefix);
        const source = inside ? range.network + (offset % size) : (range.network + size + (offset % (2 ** 32 - size))) % 2 ** 32;
        const decide = (sourceIp: string) =>
          decideIpAccess({ sourceIp, now: NOW, enforcedFrom: ENFORCED, registrations: [view(range.text)] });
        const expected = inside ? 'allow' : 'deny';
        for (const sourceIp of spellings(source)) {
          expect({ sourceIp, decision: decide(sourceIp).decision }).toEqual({ sourceIp, decision: expected });
          expect(rangeContains(range.text, sourceIp)).toBe(inside);
        }
        for (const sourceIp of lookalikes(source))
          expect({ sourceIp, decision: decide(sourceIp).decision }).toEqual({ sourceIp, decision: 'deny' });
      }),
      fuzzParameters(),
    );
  });

  it('ok/a registration written in any mapped spelling is the same registration as its IPv4 form', () => {
    fc.assert(
      fc.property(ipv4Word, (word) => {
        const canonical = spellings(word).map((text) => parseAddressOrRange(text).canonical);
        expect(new Set(canonical)).toEqual(new Set([spellings(word)[0]]));
      }),
      fuzzParameters(),
    );
  });

  it('fail/any source text is allow-with-registration, a monitor warning, or a deny; never an exception', () => {
    const sourceIp = fc.oneof(fc.string({ maxLength: 80 }), fc.ipV6(), fc.ipV4Extended(), fc.string({ unit: 'binary', maxLength: 70 }));
    fc.assert(
      fc.property(sourceIp, fc.boolean(), (source, enforced) => {
        const outcome = expectOnly(
          () =>
            decideIpAccess({ sourceIp: source, now: NOW, enforcedFrom: enforced ? ENFORCED : null, registrations: [view('10.0.0.0/8')] }),
          () => false,
        ).value!;
        if (outcome.decision === 'allow' && outcome.warnings.length === 0) expect(rangeContains('10.0.0.0/8', source)).toBe(true);
        if (enforced && outcome.decision === 'allow') expect(outcome.matchedRegistrationId).toBe('r-1');
      }),
      fuzzParameters(),
    );
  });

  it('fail/parseAddressOrRange and rangeContains throw only IpRuleError for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ maxLength: 100 }), (range, address) => {
        expectOnly(
          () => parseAddressOrRange(range),
          (e) => e instanceof IpRuleError,
        );
        expectOnly(
          () => rangeContains(range, address),
          (e) => e instanceof IpRuleError,
        );
      }),
      fuzzParameters(),
    );
  });
});
