import { IpRuleError, type IpRuleErrorCode } from './errors';
import { normaliseAddress, parseAddressOrRange, rangeContains } from './ip-range';

function codeOf(run: () => unknown): IpRuleErrorCode | 'NO_ERROR' {
  try {
    run();
    return 'NO_ERROR';
  } catch (error: unknown) {
    if (error instanceof IpRuleError) return error.code;
    throw error;
  }
}

describe('parseAddressOrRange', () => {
  const ok: [string, string, string, 'v4' | 'v6', number][] = [
    ['ok/ipv4 address', '192.0.2.7', '192.0.2.7', 'v4', 32],
    ['ok/ipv4 /32 is the address', '192.0.2.7/32', '192.0.2.7', 'v4', 32],
    ['ok/ipv4 range', '192.0.2.0/24', '192.0.2.0/24', 'v4', 24],
    ['ok/ipv4 /0', '0.0.0.0/0', '0.0.0.0/0', 'v4', 0],
    ['ok/ipv4 zero octets', '10.0.0.0', '10.0.0.0', 'v4', 32],
    ['ok/ipv4 max', '255.255.255.255', '255.255.255.255', 'v4', 32],
    ['ok/ipv6 compressed', '2001:db8::1', '2001:db8::1', 'v6', 128],
    ['ok/ipv6 full upper case', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1', 'v6', 128],
    ['ok/ipv6 /128 is the address', '2001:db8::1/128', '2001:db8::1', 'v6', 128],
    ['ok/ipv6 range', '2001:DB8:0:0::/48', '2001:db8::/48', 'v6', 48],
    ['ok/ipv6 longest zero run compressed', '2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::', 'v6', 128],
    ['ok/ipv6 first run on a tie', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 'v6', 128],
    ['ok/ipv6 single zero group not compressed', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 'v6', 128],
    ['ok/ipv6 loopback', '0:0:0:0:0:0:0:1', '::1', 'v6', 128],
    ['ok/ipv6 unspecified', '::', '::', 'v6', 128],
    ['ok/ipv6 /0', '::/0', '::/0', 'v6', 0],
    ['ok/ipv4-mapped address becomes ipv4', '::ffff:192.0.2.7', '192.0.2.7', 'v4', 32],
    ['ok/ipv4-mapped in hex becomes ipv4', '::FFFF:c000:0207', '192.0.2.7', 'v4', 32],
    ['ok/ipv4-mapped full form', '0:0:0:0:0:ffff:192.0.2.7', '192.0.2.7', 'v4', 32],
    ['ok/ipv4-mapped /128', '::ffff:192.0.2.7/128', '192.0.2.7', 'v4', 32],
    ['ok/ipv4-mapped range', '::ffff:192.0.2.0/120', '192.0.2.0/24', 'v4', 24],
    ['ok/ipv4-mapped block', '::ffff:0.0.0.0/96', '0.0.0.0/0', 'v4', 0],
    ['ok/ipv4-compatible stays ipv6', '::192.0.2.7', '::c000:207', 'v6', 128],
    ['ok/ipv4-translated stays ipv6', '::ffff:0:192.0.2.7', '::ffff:0:c000:207', 'v6', 128],
    ['ok/ipv6 with embedded dotted quad', '64:ff9b::192.0.2.7', '64:ff9b::c000:207', 'v6', 128],
  ];
  it.each(ok)('%s', (_name, input, canonical, kind, prefixLength) => {
    const range = parseAddressOrRange(input);
    expect(range).toMatchObject({
      canonical,
      kind,
      prefixLength,
      isSingleAddress: prefixLength === (kind === 'v4' ? 32 : 128),
    });
    expect(parseAddressOrRange(range.canonical)).toEqual(range);
  });

  const fail: [string, string, IpRuleErrorCode][] = [
    ['fail/empty', '', 'IP_ADDRESS_INVALID'],
    ['fail/garbage', 'not-an-ip', 'IP_ADDRESS_INVALID'],
    ['fail/hostname', 'localhost', 'IP_ADDRESS_INVALID'],
    ['fail/leading zero octet (octal?)', '010.1.1.1', 'IP_ADDRESS_INVALID'],
    ['fail/leading zero last octet', '192.0.2.07', 'IP_ADDRESS_INVALID'],
    ['fail/octet over 255', '192.0.2.256', 'IP_ADDRESS_INVALID'],
    ['fail/three parts', '192.0.2', 'IP_ADDRESS_INVALID'],
    ['fail/five parts', '192.0.2.7.1', 'IP_ADDRESS_INVALID'],
    ['fail/hex ipv4', '0xc0.0.2.7', 'IP_ADDRESS_INVALID'],
    ['fail/single number ipv4', '3221225991', 'IP_ADDRESS_INVALID'],
    ['fail/leading space', ' 192.0.2.7', 'IP_ADDRESS_INVALID'],
    ['fail/trailing newline', '192.0.2.7\n', 'IP_ADDRESS_INVALID'],
    ['fail/space before prefix', '192.0.2.0 /24', 'IP_ADDRESS_INVALID'],
    ['fail/zone id', 'fe80::1%eth0', 'IP_ADDRESS_INVALID'],
    ['fail/numeric zone id', 'fe80::1%1', 'IP_ADDRESS_INVALID'],
    ['fail/two double colons', '2001::db8::1', 'IP_ADDRESS_INVALID'],
    ['fail/ipv6 group too long', '2001:db8::12345', 'IP_ADDRESS_INVALID'],
    ['fail/ipv6 nine groups', '1:2:3:4:5:6:7:8:9', 'IP_ADDRESS_INVALID'],
    ['fail/control character folding onto a digit', '\u0010::1', 'IP_ADDRESS_INVALID'],
    ['fail/non-ascii digit', '192.0.2.\u0667', 'IP_ADDRESS_INVALID'],
    ['fail/double colon standing for no group', '1:2:3:4::5:6:7:8', 'IP_ADDRESS_INVALID'],
    ['fail/triple colon', '1:::2', 'IP_ADDRESS_INVALID'],
    ['fail/dotted quad not at the end', '::1.2.3.4:1', 'IP_ADDRESS_INVALID'],
    ['fail/dotted quad before the gap', '1.2.3.4::', 'IP_ADDRESS_INVALID'],
    ['fail/mapped with leading zero octet', '::ffff:010.1.1.1', 'IP_ADDRESS_INVALID'],
    ['fail/brackets', '[2001:db8::1]', 'IP_ADDRESS_INVALID'],
    ['fail/with port', '192.0.2.7:443', 'IP_ADDRESS_INVALID'],
    ['fail/over 64 characters', `${'0:'.repeat(40)}1`, 'IP_ADDRESS_INVALID'],
    ['fail/garbage with prefix', 'nope/24', 'IP_ADDRESS_INVALID'],
    ['fail/prefix 33', '192.0.2.0/33', 'IP_PREFIX_INVALID'],
    ['fail/prefix 129', '2001:db8::/129', 'IP_PREFIX_INVALID'],
    ['fail/prefix negative', '192.0.2.0/-1', 'IP_PREFIX_INVALID'],
    ['fail/prefix letters', '192.0.2.0/abc', 'IP_PREFIX_INVALID'],
    ['fail/prefix empty', '192.0.2.0/', 'IP_PREFIX_INVALID'],
    ['fail/prefix leading zero', '192.0.2.0/024', 'IP_PREFIX_INVALID'],
    ['fail/prefix plus sign', '192.0.2.0/+24', 'IP_PREFIX_INVALID'],
    ['fail/prefix fraction', '192.0.2.0/24.0', 'IP_PREFIX_INVALID'],
    ['fail/prefix trailing space', '192.0.2.0/24 ', 'IP_PREFIX_INVALID'],
    ['fail/two prefixes', '192.0.2.0/24/24', 'IP_PREFIX_INVALID'],
    ['fail/mapped prefix over 128', '::ffff:192.0.2.0/129', 'IP_PREFIX_INVALID'],
    ['fail/ipv4 host bits', '192.0.2.1/24', 'IP_CIDR_HOST_BITS_SET'],
    ['fail/ipv4 host bits /0', '0.0.0.1/0', 'IP_CIDR_HOST_BITS_SET'],
    ['fail/ipv6 host bits', '2001:db8::1/48', 'IP_CIDR_HOST_BITS_SET'],
    ['fail/ipv6 host bits in last word', '2001:db8::1/127', 'IP_CIDR_HOST_BITS_SET'],
    ['fail/mapped host bits', '::ffff:192.0.2.1/120', 'IP_CIDR_HOST_BITS_SET'],
    ['fail/mapped with prefix inside the ffff', '::ffff:192.0.2.0/80', 'IP_CIDR_HOST_BITS_SET'],
  ];
  it.each(fail)('%s', (_name, input, code) => {
    expect(codeOf(() => parseAddressOrRange(input))).toBe(code);
  });

  it('fail/non-string input from untyped callers is a typed error', () => {
    expect(codeOf(() => parseAddressOrRange(undefined as unknown as string))).toBe('IP_ADDRESS_INVALID');
    expect(codeOf(() => parseAddressOrRange(42 as unknown as string))).toBe('IP_ADDRESS_INVALID');
  });

  it('ok/every spelling of one range has the same canonical text (duplicate detection)', () => {
    const spellings = [
      '192.0.2.0/24',
      '::ffff:192.0.2.0/120',
      '::FFFF:C000:200/120',
      '0:0:0:0:0:ffff:c000:0200/120',
      '0000:0000:0000:0000:0000:ffff:192.0.2.0/120',
    ];
    expect(new Set(spellings.map((s) => parseAddressOrRange(s).canonical))).toEqual(new Set(['192.0.2.0/24']));
    const v6 = ['2001:db8:0:0:0:0:0:1', '2001:DB8::1', '2001:0db8::0001', '2001:db8::1/128', '2001:db8:0::0:1'];
    expect(new Set(v6.map((s) => parseAddressOrRange(s).canonical))).toEqual(new Set(['2001:db8::1']));
  });

  it('fail/a long input is truncated in the error message', () => {
    expect(() => parseAddressOrRange('x'.repeat(10_000))).toThrow(/^"x{79}…/);
  });
});

describe('normaliseAddress', () => {
  it.each([
    ['ok/ipv4', '192.0.2.7', '192.0.2.7'],
    ['ok/mapped', '::ffff:192.0.2.7', '192.0.2.7'],
    ['ok/ipv6', '2001:DB8::0:1', '2001:db8::1'],
  ])('%s', (_name, input, expected) => {
    expect(normaliseAddress(input)).toBe(expected);
  });
  it.each([
    ['fail/cidr', '192.0.2.0/24'],
    ['fail/zone', 'fe80::1%eth0'],
    ['fail/empty', ''],
  ])('%s', (_name, input) => {
    expect(codeOf(() => normaliseAddress(input))).toBe('IP_ADDRESS_INVALID');
  });
});

describe('rangeContains', () => {
  const cases: [string, string, string, boolean][] = [
    ['ok/ipv4 in range', '192.0.2.0/24', '192.0.2.255', true],
    ['ok/ipv4 first address', '192.0.2.0/24', '192.0.2.0', true],
    ['ok/ipv4 outside', '192.0.2.0/24', '192.0.3.0', false],
    ['ok/ipv4 just below', '192.0.2.0/24', '192.0.1.255', false],
    ['ok/ipv4 single address', '192.0.2.7', '192.0.2.7', true],
    ['ok/ipv4 single address other', '192.0.2.7', '192.0.2.8', false],
    ['ok/ipv4 /0 holds everything v4', '0.0.0.0/0', '203.0.113.9', true],
    ['ok/ipv4 /31', '192.0.2.6/31', '192.0.2.7', true],
    ['ok/ipv4 high bit', '128.0.0.0/1', '255.1.2.3', true],
    ['ok/mapped source matches ipv4 range', '192.0.2.0/24', '::ffff:192.0.2.9', true],
    ['ok/mapped hex source matches ipv4 range', '192.0.2.0/24', '::ffff:c000:209', true],
    ['ok/mapped source outside ipv4 range', '192.0.2.0/24', '::ffff:192.0.3.9', false],
    ['ok/ipv4 source matches mapped registration', '::ffff:192.0.2.0/120', '192.0.2.9', true],
    ['ok/ipv6 in range', '2001:db8::/48', '2001:db8:0:ffff::1', true],
    ['ok/ipv6 outside', '2001:db8::/48', '2001:db8:1::1', false],
    ['ok/ipv6 /0 holds no ipv4', '::/0', '192.0.2.7', false],
    ['ok/ipv6 /0 holds no mapped ipv4 either', '::/0', '::ffff:192.0.2.7', false],
    ['ok/ipv4 range holds no ipv6', '0.0.0.0/0', '2001:db8::1', false],
    ['ok/ipv4-compatible is not ipv4', '192.0.2.0/24', '::192.0.2.7', false],
    ['ok/ipv6 /127 boundary', '2001:db8::/127', '2001:db8::1', true],
    ['ok/ipv6 /127 outside', '2001:db8::/127', '2001:db8::2', false],
  ];
  it.each(cases)('%s', (_name, range, address, expected) => {
    expect(rangeContains(range, address)).toBe(expected);
    expect(rangeContains(parseAddressOrRange(range), address)).toBe(expected);
  });
  it.each([
    ['fail/cidr as address', '192.0.2.0/24', '192.0.2.0/32', 'IP_ADDRESS_INVALID'],
    ['fail/zone id source', 'fe80::/10', 'fe80::1%eth0', 'IP_ADDRESS_INVALID'],
    ['fail/bad range', '192.0.2.1/24', '192.0.2.1', 'IP_CIDR_HOST_BITS_SET'],
  ])('%s', (_name, range, address, code) => {
    expect(codeOf(() => rangeContains(range, address))).toBe(code);
  });
});
