/** Machine-readable codes of every refusal this library raises. */
export const IP_RULE_ERROR_CODES = [
  'IP_ADDRESS_INVALID',
  'IP_PREFIX_INVALID',
  'IP_CIDR_HOST_BITS_SET',
  'IP_RANGE_TOO_BROAD',
  'IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION',
  'IP_RULE_INPUT_INVALID',
] as const;
export type IpRuleErrorCode = (typeof IP_RULE_ERROR_CODES)[number];

/** Longest input echoed back in a message, so a huge value never floods a log. */
const ECHO_LIMIT = 80;

/** Quotes untrusted input for a message: JSON-escaped and truncated. */
export function echo(input: unknown): string {
  const text = JSON.stringify(String(input));
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
}

/** Base of every typed refusal; map `code` to HTTP 400 (or to a DLQ reason) at the edge. */
export abstract class IpRuleError extends Error {
  abstract readonly code: IpRuleErrorCode;
}

/** Not an IPv4/IPv6 address in the accepted spelling (see parseAddressOrRange). */
export class IpAddressInvalid extends IpRuleError {
  readonly code = 'IP_ADDRESS_INVALID';
  override readonly name = 'IpAddressInvalid';
}

/** The part after `/` is not a decimal prefix length within 0..32 (IPv4) or 0..128 (IPv6). */
export class IpPrefixInvalid extends IpRuleError {
  readonly code = 'IP_PREFIX_INVALID';
  override readonly name = 'IpPrefixInvalid';
}

/** A CIDR whose address has bits set after the prefix (`192.0.2.1/24`): ambiguous, so refused. */
export class IpCidrHostBitsSet extends IpRuleError {
  readonly code = 'IP_CIDR_HOST_BITS_SET';
  override readonly name = 'IpCidrHostBitsSet';
}

/** A range broader than the registration policy's minimum prefix length. */
export class IpRangeTooBroad extends IpRuleError {
  readonly code = 'IP_RANGE_TOO_BROAD';
  override readonly name = 'IpRangeTooBroad';
}

/** In production: a range overlapping loopback, private, link-local, unspecified or multicast space. */
export class IpAddressNotAllowedInProduction extends IpRuleError {
  readonly code = 'IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION';
  override readonly name = 'IpAddressNotAllowedInProduction';
  constructor(
    message: string,
    /** Which special-use block the range overlaps, e.g. `private` and `10.0.0.0/8`. */
    readonly category: string,
    readonly block: string,
  ) {
    super(message);
  }
}

/** A caller's programming error (an invalid Date, a policy prefix out of range): thrown, never silently allowed. */
export class IpRuleInputInvalid extends IpRuleError {
  readonly code = 'IP_RULE_INPUT_INVALID';
  override readonly name = 'IpRuleInputInvalid';
}
