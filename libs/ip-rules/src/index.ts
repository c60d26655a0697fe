/**
 * @paspoort/ip-rules — the IP registry's rules, pure: parsing and normalising addresses and ranges, the
 * registration policy, and the access decision authn makes per request. No framework, no I/O, no clock of its own.
 */
export {
  IP_RULE_ERROR_CODES,
  IpAddressInvalid,
  IpAddressNotAllowedInProduction,
  IpCidrHostBitsSet,
  IpPrefixInvalid,
  IpRangeTooBroad,
  IpRuleError,
  IpRuleInputInvalid,
  type IpRuleErrorCode,
} from './errors';
export type { IpKind } from './ip-bits';
export { MAX_IP_INPUT_LENGTH, normaliseAddress, parseAddressOrRange, rangeContains, type IpRange } from './ip-range';
export * from './registration-policy';
export * from './ip-access';
