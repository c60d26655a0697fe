import type { IpRegistrationView } from '@paspoort/contracts';
import { IpRuleInputInvalid } from './errors';
import { compileRegistrations, decideIpAccess, type IpAccessDecision } from './ip-access';

const T0 = '2030-01-01T00:00:00.000Z';
const T1 = '2030-02-01T00:00:00.000Z';
const at = (iso: string, deltaMs = 0): Date => new Date(Date.parse(iso) + deltaMs);

const reg = (id: string, address: string, validFrom = T0, validUntil: string | null = null): IpRegistrationView => ({
  id,
  address,
  validFrom,
  validUntil,
});

const allow = (id: string): IpAccessDecision => ({ decision: 'allow', warnings: [], matchedRegistrationId: id });
const deny = (reason: IpAccessDecision['reason']): IpAccessDecision => ({ decision: 'deny', reason, warnings: [] });

describe('decideIpAccess (enforced)', () => {
  const enforcedFrom = at(T0, -1);
  const cases: [string, IpRegistrationView[], string, Date, IpAccessDecision][] = [
    ['ok/ipv4 address registered', [reg('a', '192.0.2.7')], '192.0.2.7', at(T0), allow('a')],
    ['ok/ipv4 in registered range', [reg('a', '192.0.2.0/24')], '192.0.2.200', at(T0), allow('a')],
    ['ok/ipv6 in registered range', [reg('a', '2001:db8::/48')], '2001:db8:0:1::9', at(T0), allow('a')],
    ['ok/ipv6 other spelling', [reg('a', '2001:db8::1')], '2001:DB8:0:0:0:0:0:0001', at(T0), allow('a')],
    ['ok/mapped source, ipv4 registration', [reg('a', '192.0.2.0/24')], '::ffff:192.0.2.9', at(T0), allow('a')],
    ['ok/ipv4 source, mapped registration', [reg('a', '::ffff:192.0.2.9')], '192.0.2.9', at(T0), allow('a')],
    ['ok/validFrom is inclusive', [reg('a', '192.0.2.7', T0)], '192.0.2.7', at(T0), allow('a')],
    ['ok/last millisecond before validUntil', [reg('a', '192.0.2.7', T0, T1)], '192.0.2.7', at(T1, -1), allow('a')],
    ['ok/valid one wins over expired', [reg('old', '192.0.2.7', T0, T1), reg('new', '192.0.2.7', T1)], '192.0.2.7', at(T1), allow('new')],
    ['ok/most specific valid match named', [reg('wide', '192.0.2.0/24'), reg('narrow', '192.0.2.7')], '192.0.2.7', at(T0), allow('narrow')],
    ['fail/no registrations', [], '192.0.2.7', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/other address', [reg('a', '192.0.2.7')], '192.0.2.8', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/ipv6 /0 does not cover ipv4', [reg('a', '::/0')], '192.0.2.7', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/ipv4-compatible is not the ipv4', [reg('a', '192.0.2.7')], '::192.0.2.7', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/1 ms before validFrom', [reg('a', '192.0.2.7', T0)], '192.0.2.7', at(T0, -1), deny('IP_REGISTRATION_NOT_YET_VALID')],
    ['fail/validUntil is exclusive', [reg('a', '192.0.2.7', T0, T1)], '192.0.2.7', at(T1), deny('IP_REGISTRATION_EXPIRED')],
    ['fail/expired long ago', [reg('a', '192.0.2.0/24', T0, T1)], '192.0.2.1', at(T1, 1e10), deny('IP_REGISTRATION_EXPIRED')],
    [
      'fail/future wins over expired',
      [reg('old', '192.0.2.7', T0, T1), reg('next', '192.0.2.7', at(T1, 5).toISOString())],
      '192.0.2.7',
      at(T1),
      deny('IP_REGISTRATION_NOT_YET_VALID'),
    ],
    ['fail/future match, other address expired', [reg('x', '192.0.2.8', T0, T1)], '192.0.2.7', at(T1), deny('IP_NOT_REGISTERED')],
    ['fail/empty validity window', [reg('a', '192.0.2.7', T1, T0)], '192.0.2.7', at(T1), deny('IP_REGISTRATION_EXPIRED')],
    ['fail/garbage source', [reg('a', '192.0.2.7')], 'garbage', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/cidr source', [reg('a', '192.0.2.0/24')], '192.0.2.0/24', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/zone id source', [reg('a', 'fe80::/10')], 'fe80::1%eth0', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/leading zero source', [reg('a', '10.1.1.1')], '010.1.1.1', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/bad registration never matches', [reg('bad', '192.0.2.1/24')], '192.0.2.1', at(T0), deny('IP_NOT_REGISTERED')],
    ['fail/bad validFrom never matches', [reg('bad', '192.0.2.7', 'soon')], '192.0.2.7', at(T0), deny('IP_NOT_REGISTERED')],
  ];
  it.each(cases)('%s', (_name, registrations, sourceIp, now, expected) => {
    expect(decideIpAccess({ registrations, enforcedFrom, sourceIp, now })).toEqual(expected);
  });
});

describe('decideIpAccess (enforcement)', () => {
  const registrations = [reg('a', '192.0.2.7', T0, T1), reg('b', '192.0.2.8', T1)];
  const cases: [string, Date | null, string, Date, IpAccessDecision][] = [
    [
      'ok/never enforced: unregistered is flagged',
      null,
      '203.0.113.1',
      at(T0),
      { decision: 'allow', warnings: ['IP_NOT_REGISTERED_MONITOR_ONLY'] },
    ],
    [
      'ok/never enforced: expired is flagged',
      null,
      '192.0.2.7',
      at(T1),
      { decision: 'allow', warnings: ['IP_REGISTRATION_EXPIRED_MONITOR_ONLY'] },
    ],
    [
      'ok/never enforced: not yet valid is flagged',
      null,
      '192.0.2.8',
      at(T0),
      { decision: 'allow', warnings: ['IP_REGISTRATION_NOT_YET_VALID_MONITOR_ONLY'] },
    ],
    [
      'ok/1 ms before enforcement: flagged',
      at(T1),
      '203.0.113.1',
      at(T1, -1),
      { decision: 'allow', warnings: ['IP_NOT_REGISTERED_MONITOR_ONLY'] },
    ],
    ['fail/at the enforcement instant: denied', at(T1), '203.0.113.1', at(T1), deny('IP_NOT_REGISTERED')],
    ['fail/after enforcement: expired denied', at(T0), '192.0.2.7', at(T1), deny('IP_REGISTRATION_EXPIRED')],
    ['fail/after enforcement: not yet valid denied', at(T0), '192.0.2.8', at(T0), deny('IP_REGISTRATION_NOT_YET_VALID')],
    ['ok/registered before enforcement: no warning', null, '192.0.2.7', at(T0), allow('a')],
    ['ok/registered after enforcement: no warning', at(T0), '192.0.2.8', at(T1), allow('b')],
    ['fail/garbage source denied even in monitor mode', null, 'not an ip', at(T0), deny('IP_NOT_REGISTERED')],
  ];
  it.each(cases)('%s', (_name, enforcedFrom, sourceIp, now, expected) => {
    expect(decideIpAccess({ registrations, enforcedFrom, sourceIp, now })).toEqual(expected);
  });

  it.each([
    ['fail/invalid now', new Date(NaN), null],
    ['fail/invalid enforcedFrom', at(T0), new Date('nope')],
    ['fail/now is not a Date', T0 as unknown as Date, null],
  ])('%s throws instead of allowing', (_name, now, enforcedFrom) => {
    expect(() => decideIpAccess({ registrations, enforcedFrom, sourceIp: '192.0.2.7', now })).toThrow(IpRuleInputInvalid);
  });
});

describe('compileRegistrations', () => {
  it('ok/compiles once and decides repeatedly with the same result as decideIpAccess', () => {
    const registrations = [reg('a', '192.0.2.0/24', T0, T1), reg('b', '2001:db8::/48'), reg('c', '::ffff:198.51.100.7')];
    const compiled = compileRegistrations(registrations);
    expect(compiled.size).toBe(3);
    for (const sourceIp of ['192.0.2.1', '2001:db8::1', '198.51.100.7', '198.51.100.8', '::ffff:192.0.2.1']) {
      for (const now of [at(T0, -1), at(T0), at(T1), at(T1, -1)]) {
        const request = { sourceIp, now, enforcedFrom: at(T0) };
        expect(compiled.decide(request)).toEqual(decideIpAccess({ ...request, registrations }));
      }
    }
  });

  it('ok/lists what it skipped, with the reason code', () => {
    const compiled = compileRegistrations([
      reg('good', '192.0.2.7'),
      reg('host-bits', '192.0.2.1/24'),
      reg('garbage', 'nope'),
      reg('instant', '192.0.2.8', T0, 'later'),
    ]);
    expect(compiled.size).toBe(1);
    expect(compiled.skipped).toEqual([
      { id: 'host-bits', code: 'IP_CIDR_HOST_BITS_SET' },
      { id: 'garbage', code: 'IP_ADDRESS_INVALID' },
      { id: 'instant', code: 'IP_REGISTRATION_INSTANT_INVALID' },
    ]);
  });

  it('ok/the compiled set is not affected by later changes to the views', () => {
    const views = [reg('a', '192.0.2.7')];
    const compiled = compileRegistrations(views);
    views[0]!.address = '192.0.2.8';
    views.push(reg('b', '192.0.2.9'));
    expect(compiled.decide({ sourceIp: '192.0.2.7', now: at(T0), enforcedFrom: at(T0) })).toEqual(allow('a'));
    expect(compiled.decide({ sourceIp: '192.0.2.9', now: at(T0), enforcedFrom: at(T0) }).decision).toBe('deny');
  });

  it('ok/decides 100k requests over 50 registrations quickly (no reparsing)', () => {
    const registrations = Array.from({ length: 50 }, (_, i) => reg(`r${i}`, `2001:db8:${i.toString(16)}::/48`));
    registrations.push(reg('v4', '198.51.100.0/24'));
    const compiled = compileRegistrations(registrations);
    const started = process.hrtime.bigint();
    let allowed = 0;
    for (let i = 0; i < 100_000; i++) {
      const sourceIp = i % 2 === 0 ? `198.51.100.${i % 256}` : '2001:db8:31::1';
      if (compiled.decide({ sourceIp, now: at(T0), enforcedFrom: at(T0) }).decision === 'allow') allowed++;
    }
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(allowed).toBe(100_000);
    expect(elapsedMs).toBeLessThan(2000); // generous for slow CI; typically well under 200 ms
  });
});
