import type { Environment } from '@paspoort/contracts';
import { IpAddressNotAllowedInProduction, IpRuleError, type IpRuleErrorCode } from './errors';
import { parseAddressOrRange } from './ip-range';
import { checkRegistrationPolicy, parseRegistrationAddress, rangesOverlap, type RegistrationPolicy } from './registration-policy';

function codeOf(run: () => unknown): IpRuleErrorCode | 'NO_ERROR' {
  try {
    run();
    return 'NO_ERROR';
  } catch (error: unknown) {
    if (error instanceof IpRuleError) return error.code;
    throw error;
  }
}

const check = (input: string, policy: RegistrationPolicy): IpRuleErrorCode | 'NO_ERROR' =>
  codeOf(() => checkRegistrationPolicy(parseAddressOrRange(input), policy));

const production: RegistrationPolicy = { environment: 'production' };
const test: RegistrationPolicy = { environment: 'test' };

describe('checkRegistrationPolicy', () => {
  const ok: [string, string, RegistrationPolicy][] = [
    ['ok/public ipv4 address in production', '203.0.113.7', production],
    ['ok/public /24 in production', '203.0.113.0/24', production],
    ['ok/public ipv6 /48 in production', '2001:db8::/48', production],
    ['ok/public ipv6 address in production', '2a00:1450:4001::1', production],
    ['ok/mapped public address in production', '::ffff:203.0.113.7', production],
    ['ok/just outside 172.16/12', '172.32.0.0/24', production],
    ['ok/just below 172.16/12', '172.15.255.0/24', production],
    ['ok/just outside 169.254/16', '169.255.0.0/24', production],
    ['ok/just outside fc00::/7', 'fe00::/48', production],
    ['ok/private in test', '10.1.2.0/24', test],
    ['ok/loopback in acceptance', '127.0.0.1', { environment: 'acceptance' }],
    ['ok/ULA in test', 'fd00:1::/48', test],
    ['ok/link-local in test', 'fe80::1', test],
    ['ok/broader with a custom minimum', '203.0.0.0/16', { environment: 'production', minPrefixV4: 16 }],
    ['ok/ipv6 /64 with a custom minimum', '2001:db8::/64', { environment: 'test', minPrefixV6: 64 }],
  ];
  it.each(ok)('%s', (_name, input, policy) => {
    expect(check(input, policy)).toBe('NO_ERROR');
  });

  const fail: [string, string, RegistrationPolicy, IpRuleErrorCode][] = [
    ['fail/ipv4 /23 too broad', '203.0.112.0/23', production, 'IP_RANGE_TOO_BROAD'],
    ['fail/ipv4 /0 too broad in test too', '0.0.0.0/0', test, 'IP_RANGE_TOO_BROAD'],
    ['fail/ipv6 /47 too broad', '2001:db8::/47', test, 'IP_RANGE_TOO_BROAD'],
    ['fail/mapped /119 too broad', '::ffff:192.0.0.0/119', test, 'IP_RANGE_TOO_BROAD'],
    ['fail/custom minimum', '203.0.113.0/24', { environment: 'test', minPrefixV4: 28 }, 'IP_RANGE_TOO_BROAD'],
  ];
  const envs: Environment[] = ['test', 'acceptance', 'production'];
  const productionOnly: [string, string][] = [
    ['fail/loopback', '127.0.0.1'],
    ['fail/loopback range', '127.1.2.0/24'],
    ['fail/private 10/8', '10.0.0.1'],
    ['fail/private 172.16/12 upper end', '172.31.255.0/24'],
    ['fail/private 192.168/16', '192.168.1.0/24'],
    ['fail/link-local', '169.254.1.1'],
    ['fail/unspecified', '0.0.0.0'],
    ['fail/this network', '0.1.2.3'],
    ['fail/multicast', '224.0.0.251'],
    ['fail/multicast top', '239.255.255.0/24'],
    ['fail/mapped loopback', '::ffff:127.0.0.1'],
    ['fail/mapped private range', '::ffff:10.0.0.0/120'],
    ['fail/ipv6 loopback', '::1'],
    ['fail/ipv6 unspecified', '::'],
    ['fail/ipv6 ULA fc', 'fc00::1'],
    ['fail/ipv6 ULA fd range', 'fd12:3456:789a::/48'],
    ['fail/ipv6 link-local', 'fe80::1'],
    ['fail/ipv6 link-local upper end', 'febf:ffff::/48'],
    ['fail/ipv6 multicast', 'ff02::1'],
  ];
  for (const [name, input] of productionOnly) fail.push([name, input, production, 'IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION']);
  it.each(fail)('%s', (_name, input, policy, code) => {
    expect(check(input, policy)).toBe(code);
  });
  it.each(productionOnly)('ok/%s is accepted outside production', (_name, input) => {
    for (const environment of envs.filter((e) => e !== 'production')) expect(check(input, { environment })).toBe('NO_ERROR');
  });

  it('fail/a range overlapping private space from outside is refused in production', () => {
    // 172.16.0.0/12 lies inside this /11: the range overlaps private space without being inside it.
    expect(check('172.0.0.0/11', { environment: 'production', minPrefixV4: 8 })).toBe('IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION');
    expect(check('fc00::/6', { environment: 'production', minPrefixV6: 0 })).toBe('IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION');
  });

  it('fail/the refusal names the category and block', () => {
    const error = (() => {
      try {
        checkRegistrationPolicy(parseAddressOrRange('192.168.7.0/24'), production);
      } catch (e: unknown) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(IpAddressNotAllowedInProduction);
    expect(error).toMatchObject({ category: 'private', block: '192.168.0.0/16' });
  });

  it.each([
    ['fail/minimum prefix negative', { environment: 'test', minPrefixV4: -1 }],
    ['fail/minimum prefix over 32', { environment: 'test', minPrefixV4: 33 }],
    ['fail/minimum prefix fractional', { environment: 'test', minPrefixV4: 24.5 }],
  ] as [string, RegistrationPolicy][])('%s', (_name, policy) => {
    expect(check('203.0.113.0/24', policy)).toBe('IP_RULE_INPUT_INVALID');
  });
});

describe('parseRegistrationAddress', () => {
  it('ok/parses and checks', () => {
    expect(parseRegistrationAddress('::ffff:203.0.113.0/120', production).canonical).toBe('203.0.113.0/24');
  });
  it.each([
    ['fail/parse error first', '203.0.113.1/24', 'IP_CIDR_HOST_BITS_SET'],
    ['fail/then policy', '10.0.0.1', 'IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION'],
  ])('%s', (_name, input, code) => {
    expect(codeOf(() => parseRegistrationAddress(input, production))).toBe(code);
  });
});

describe('rangesOverlap', () => {
  it.each([
    ['ok/nested', '192.0.2.0/24', '192.0.2.128/25', true],
    ['ok/nested reversed', '192.0.2.128/25', '192.0.2.0/24', true],
    ['ok/equal', '192.0.2.7', '::ffff:192.0.2.7', true],
    ['ok/adjacent', '192.0.2.0/25', '192.0.2.128/25', false],
    ['ok/different families', '0.0.0.0/0', '::/0', false],
    ['ok/ipv6 nested', '2001:db8::/32', '2001:db8:1::/48', true],
  ])('%s', (_name, a, b, expected) => {
    expect(rangesOverlap(parseAddressOrRange(a), parseAddressOrRange(b))).toBe(expected);
  });
});
