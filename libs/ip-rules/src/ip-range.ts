import { echo, IpAddressInvalid, IpCidrHostBitsSet, IpPrefixInvalid } from './errors';
import {
  formatBits,
  hasHostBits,
  isMappedIpv4,
  MAX_PREFIX,
  parseAddressBits,
  parseRawAddressBits,
  wordsInRange,
  type IpBits,
  type IpKind,
} from './ip-bits';

/** Longest text accepted; the longest real spelling (`ffff:…:255.255.255.255/128`) is 49 characters. */
export const MAX_IP_INPUT_LENGTH = 64;

/**
 * A normalised IP address or CIDR range.
 *
 * Invariants: `address` is the network address with no host bits set, written canonically (IPv4 dotted quad;
 * IPv6 per RFC 5952: lower case, zero-compressed); `prefixLength` is 0..32 (v4) or 0..128 (v6); IPv4-mapped IPv6
 * input is stored as IPv4. `canonical` is `address` alone for a single address (/32, /128) and
 * `address/prefixLength` otherwise, so two spellings of the same range have the same `canonical`
 * (the registry compares it to detect duplicates), and parsing `canonical` yields an equal range.
 */
export interface IpRange {
  readonly kind: IpKind;
  readonly address: string;
  readonly prefixLength: number;
  readonly canonical: string;
  /** True for a /32 (IPv4) or /128 (IPv6). */
  readonly isSingleAddress: boolean;
}

/** Internal: a range plus its network address as words, for fast containment. */
export interface ParsedRange {
  readonly range: IpRange;
  readonly bits: IpBits;
}

const PREFIX = /^(?:0|[1-9]\d{0,2})$/;

/**
 * Parses an address (`192.0.2.7`, `2001:db8::1`) or CIDR range (`192.0.2.0/24`, `2001:db8::/48`) and normalises it.
 * The input is taken exactly: no trimming, no zone ids, no leading zeros in IPv4 octets, no shortened IPv4.
 * `::ffff:a.b.c.d` (and `::ffff:a.b.c.d/96+n`) becomes IPv4 (`a.b.c.d/n`); other IPv4-in-IPv6 forms stay IPv6.
 * @throws IpAddressInvalid, IpPrefixInvalid, IpCidrHostBitsSet — and nothing else, for any string.
 */
export function parseAddressOrRange(input: string): IpRange {
  return parseRangeBits(input).range;
}

/** As parseAddressOrRange, also returning the network address as words (internal to this library). */
export function parseRangeBits(input: string): ParsedRange {
  if (typeof input !== 'string' || input.length > MAX_IP_INPUT_LENGTH) throw invalidAddress(input);
  const slash = input.indexOf('/');
  const addressText = slash < 0 ? input : input.slice(0, slash);
  // Host bits are checked in the family the caller wrote, before a mapped range is turned into IPv4.
  const parsed = parseRawAddressBits(addressText);
  if (parsed === null) throw invalidAddress(input);
  const rawPrefix = slash < 0 ? MAX_PREFIX[parsed.kind] : parsePrefix(input.slice(slash + 1), parsed.kind, input);
  if (hasHostBits(parsed.words, rawPrefix)) {
    throw new IpCidrHostBitsSet(`${echo(input)} has bits set after /${rawPrefix}; write the network address`);
  }
  const { bits, prefixLength } = unmap(parsed, rawPrefix);
  return { range: buildRange(bits, prefixLength), bits };
}

/** Parses a single address (no prefix) to its canonical text; IPv4-mapped IPv6 becomes IPv4. @throws IpAddressInvalid */
export function normaliseAddress(input: string): string {
  const bits = typeof input === 'string' && input.length <= MAX_IP_INPUT_LENGTH ? parseAddressBits(input) : null;
  if (bits === null) throw invalidAddress(input);
  return formatBits(bits);
}

/**
 * True when `address` (a single address) lies in `range`. A mapped IPv4 address (`::ffff:192.0.2.7`) is the IPv4
 * address, so it matches IPv4 ranges; an IPv6 range never contains an IPv4 address and vice versa.
 * @throws IpAddressInvalid when `address` is not a single address; the errors of parseAddressOrRange for a string range.
 */
export function rangeContains(range: IpRange | string, address: string): boolean {
  const network = parseRangeBits(typeof range === 'string' ? range : range.canonical);
  const source = typeof address === 'string' && address.length <= MAX_IP_INPUT_LENGTH ? parseAddressBits(address) : null;
  if (source === null) throw invalidAddress(address);
  const prefixLength = network.range.prefixLength;
  return source.kind === network.bits.kind && wordsInRange(network.bits.words, prefixLength, source.words);
}

function parsePrefix(text: string, kind: IpKind, input: string): number {
  const value = PREFIX.test(text) ? Number(text) : NaN;
  if (!(value <= MAX_PREFIX[kind])) {
    throw new IpPrefixInvalid(`${echo(input)}: the prefix length must be 0..${MAX_PREFIX[kind]} in decimal`);
  }
  return value;
}

/** `::ffff:0:0/96` is IPv4 space: `::ffff:a.b.c.d/p` is `a.b.c.d/(p-96)`. Host bits are already zero, so p >= 96. */
function unmap(bits: IpBits, prefixLength: number): { bits: IpBits; prefixLength: number } {
  if (bits.kind === 'v4' || !isMappedIpv4(bits.words) || prefixLength < 96) return { bits, prefixLength };
  return { bits: { kind: 'v4', words: [bits.words[3]!] }, prefixLength: prefixLength - 96 };
}

function buildRange(bits: IpBits, prefixLength: number): IpRange {
  const address = formatBits(bits);
  const isSingleAddress = prefixLength === MAX_PREFIX[bits.kind];
  const canonical = isSingleAddress ? address : `${address}/${prefixLength}`;
  return Object.freeze({ kind: bits.kind, address, prefixLength, canonical, isSingleAddress });
}

function invalidAddress(input: unknown): IpAddressInvalid {
  return new IpAddressInvalid(`${echo(input)} is not an IPv4 or IPv6 address or CIDR range`);
}
