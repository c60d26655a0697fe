import { DomainError } from '@paspoort/service-kit';
import { assertRegistrable, effectiveValidity, registrableRange, validitiesOverlap, type Validity } from './registration-rules';

const limits = { minPrefixV4: 24, minPrefixV6: 48, maxPerCertificate: 2, certificateSyncMs: 0 };
const now = new Date('2026-11-29T12:00:00.000Z');
const d = (iso: string) => new Date(iso);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : `thrown ${(error as Error).name}`;
  }
};

describe('registrableRange', () => {
  it.each([
    ['ok/trimmed and mapped IPv4', ' ::ffff:192.0.2.7 ', 'test', '192.0.2.7'],
    ['ok/IPv6 zero-compressed, lower case', '2001:DB8:0:0:0:0:0:1', 'production', '2001:db8::1'],
    ['ok/private range outside production', '10.1.2.0/24', 'acceptance', '10.1.2.0/24'],
  ] as const)('%s', (_name, input, environment, canonical) => {
    expect(registrableRange(input, environment, limits).canonical).toBe(canonical);
  });

  it.each([
    ['fail/garbage', 'nope', 'test', '400 IP_ADDRESS_INVALID'],
    ['fail/host bits', '192.0.2.1/24', 'test', '400 IP_CIDR_HOST_BITS_SET'],
    ['fail/too broad', '192.0.0.0/16', 'test', '400 IP_RANGE_TOO_BROAD'],
    ['fail/private in production', '192.168.1.1', 'production', '400 IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION'],
  ] as const)('%s', (_name, input, environment, code) => {
    expect(codeOf(() => registrableRange(input, environment, limits))).toBe(code);
  });
});

describe('effectiveValidity', () => {
  it.each([
    ['ok/defaults to now, open-ended', {}, { validFrom: now, validUntil: null }],
    ['ok/a past validFrom becomes now', { validFrom: d('2026-01-01T00:00:00Z') }, { validFrom: now, validUntil: null }],
    [
      'ok/future window',
      { validFrom: d('2026-12-01T00:00:00Z'), validUntil: d('2026-12-02T00:00:00Z') },
      { validFrom: d('2026-12-01T00:00:00Z'), validUntil: d('2026-12-02T00:00:00Z') },
    ],
  ])('%s', (_name, requested, expected) => {
    expect(effectiveValidity(requested, now)).toEqual(expected);
  });

  it.each([
    ['fail/until equals from', { validFrom: d('2026-12-01T00:00:00Z'), validUntil: d('2026-12-01T00:00:00Z') }],
    ['fail/until before from', { validFrom: d('2026-12-02T00:00:00Z'), validUntil: d('2026-12-01T00:00:00Z') }],
    ['fail/until equals now (from defaults to now)', { validUntil: now }],
  ])('%s', (_name, requested) => {
    expect(codeOf(() => effectiveValidity(requested, now))).toBe('400 IP_VALIDITY_INVALID');
  });
});

describe('validitiesOverlap and assertRegistrable', () => {
  const v = (from: string, until: string | null): Validity => ({ validFrom: d(from), validUntil: until ? d(until) : null });
  it.each([
    ['ok/open-ended overlaps everything later', v('2026-01-01T00:00:00Z', null), v('2030-01-01T00:00:00Z', null), true],
    [
      'ok/touching half-open windows do not overlap',
      v('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      v('2026-02-01T00:00:00Z', null),
      false,
    ],
    [
      'ok/nested windows overlap',
      v('2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'),
      v('2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z'),
      true,
    ],
  ])('%s', (_name, a, b, expected) => {
    expect(validitiesOverlap(a, b)).toBe(expected);
    expect(validitiesOverlap(b, a)).toBe(expected);
  });

  const existing = [{ id: 'r-1', address: '192.0.2.7', ...v('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z') }];
  it.each([
    ['ok/same address after the existing window', { address: '192.0.2.7', ...v('2026-02-01T00:00:00Z', null) }, existing, undefined],
    [
      'ok/a containing range is not an exact duplicate',
      { address: '192.0.2.0/24', ...v('2026-01-01T00:00:00Z', null) },
      existing,
      undefined,
    ],
    [
      'fail/same address, overlapping window',
      { address: '192.0.2.7', ...v('2026-01-15T00:00:00Z', null) },
      existing,
      '409 IP_REGISTRATION_DUPLICATE',
    ],
    [
      'fail/limit reached',
      { address: '192.0.2.9', ...v('2026-01-01T00:00:00Z', null) },
      [...existing, { ...existing[0], id: 'r-2', address: '192.0.2.8' }],
      '409 IP_REGISTRATION_LIMIT_REACHED',
    ],
  ])('%s', (_name, candidate, active, code) => {
    expect(codeOf(() => assertRegistrable(active, candidate, limits))).toBe(code);
  });
});
