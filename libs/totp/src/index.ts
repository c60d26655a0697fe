/**
 * @paspoort/totp — RFC 6238 TOTP core, pure: secrets, otpauth URIs and verification with an injected clock, a
 * ±window and a replay guard on the returned step. Storing the last used step atomically is the caller's (authn's) job.
 */
export { TOTP_ERROR_CODES, TotpError, TotpParameterInvalid, TotpSecretInvalid, type TotpErrorCode } from './errors';
export { decodeBase32, encodeBase32 } from './base32';
export * from './totp';
export * from './enrollment';
