import type { Environment } from '@paspoort/contracts';
import { IpAddressNotAllowedInProduction, IpRangeTooBroad, IpRuleInputInvalid } from './errors';
import { MAX_PREFIX, wordsInRange, type IpKind } from './ip-bits';
import { parseRangeBits, type IpRange, type ParsedRange } from './ip-range';

/** Policy knobs for a new IP registration. */
export interface RegistrationPolicy {
  environment: Environment;
  /** Broadest IPv4 range accepted, 0..32; default 24 (at most 256 addresses). */
  minPrefixV4?: number;
  /** Broadest IPv6 range accepted, 0..128; default 48 (one site). */
  minPrefixV6?: number;
}

export const DEFAULT_MIN_PREFIX_V4 = 24;
export const DEFAULT_MIN_PREFIX_V6 = 48;

export type SpecialUseCategory = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast';

/**
 * Space that can never be a production client's source address on the hub's public listeners.
 * `0.0.0.0/8` ("this network", RFC 791/1122) is listed as unspecified: it holds 0.0.0.0 and is never a valid source.
 * IPv4-mapped IPv6 needs no entries: it is normalised to IPv4 before this check.
 */
export const PRODUCTION_REFUSED_BLOCKS: readonly { category: SpecialUseCategory; block: string }[] = [
  { category: 'unspecified', block: '0.0.0.0/8' },
  { category: 'private', block: '10.0.0.0/8' },
  { category: 'loopback', block: '127.0.0.0/8' },
  { category: 'link-local', block: '169.254.0.0/16' },
  { category: 'private', block: '172.16.0.0/12' },
  { category: 'private', block: '192.168.0.0/16' },
  { category: 'multicast', block: '224.0.0.0/4' },
  { category: 'unspecified', block: '::/128' },
  { category: 'loopback', block: '::1/128' },
  { category: 'private', block: 'fc00::/7' },
  { category: 'link-local', block: 'fe80::/10' },
  { category: 'multicast', block: 'ff00::/8' },
];

const refusedBlocks = PRODUCTION_REFUSED_BLOCKS.map((entry) => ({ ...entry, parsed: parseRangeBits(entry.block) }));

/**
 * Checks a parsed range against the registration policy; returns normally when it may be registered.
 * In every environment a range broader than the minimum prefix is refused; in production, a range that overlaps
 * any of PRODUCTION_REFUSED_BLOCKS is refused too (test and acceptance may use private space).
 * @throws IpRangeTooBroad, IpAddressNotAllowedInProduction; IpRuleInputInvalid for a minimum prefix out of range
 */
export function checkRegistrationPolicy(range: IpRange, policy: RegistrationPolicy): void {
  const minPrefix = minimumPrefix(range.kind, policy);
  if (range.prefixLength < minPrefix) {
    throw new IpRangeTooBroad(`${range.canonical} is broader than /${minPrefix}; register smaller ranges`);
  }
  if (policy.environment !== 'production') return;
  const parsed = parseRangeBits(range.canonical);
  const hit = refusedBlocks.find((entry) => parsedRangesOverlap(parsed, entry.parsed));
  if (hit) {
    throw new IpAddressNotAllowedInProduction(
      `${range.canonical} overlaps ${hit.category} space ${hit.block}, which production does not accept`,
      hit.category,
      hit.block,
    );
  }
}

/** Parses and checks in one go: what the registry does with a user's `address`. @throws every IpRuleError of both */
export function parseRegistrationAddress(input: string, policy: RegistrationPolicy): IpRange {
  const { range } = parseRangeBits(input);
  checkRegistrationPolicy(range, policy);
  return range;
}

/** True when the two ranges share an address (an IPv4 and an IPv6 range never do). */
export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return parsedRangesOverlap(parseRangeBits(a.canonical), parseRangeBits(b.canonical));
}

function minimumPrefix(kind: IpKind, policy: RegistrationPolicy): number {
  const value = kind === 'v4' ? (policy.minPrefixV4 ?? DEFAULT_MIN_PREFIX_V4) : (policy.minPrefixV6 ?? DEFAULT_MIN_PREFIX_V6);
  if (!Number.isInteger(value) || value < 0 || value > MAX_PREFIX[kind]) {
    throw new IpRuleInputInvalid(`minimum ${kind} prefix ${String(value)} is not an integer in 0..${MAX_PREFIX[kind]}`);
  }
  return value;
}

/** Two CIDR ranges overlap exactly when one contains the other, i.e. they agree on the shorter prefix. */
function parsedRangesOverlap(a: ParsedRange, b: ParsedRange): boolean {
  if (a.bits.kind !== b.bits.kind) return false;
  const shorter = Math.min(a.range.prefixLength, b.range.prefixLength);
  return wordsInRange(a.bits.words, shorter, b.bits.words);
}
