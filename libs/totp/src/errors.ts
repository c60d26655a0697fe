/** Machine-readable codes of the errors this library throws (refusals of a code are results, not errors). */
export const TOTP_ERROR_CODES = ['TOTP_SECRET_INVALID', 'TOTP_PARAMETER_INVALID'] as const;
export type TotpErrorCode = (typeof TOTP_ERROR_CODES)[number];

/** Base of every error thrown here. Messages never contain a secret or a code. */
export abstract class TotpError extends Error {
  abstract readonly code: TotpErrorCode;
}

/** The stored secret is not RFC 4648 base32 of at least 16 bytes: a data or programming error, not the user's. */
export class TotpSecretInvalid extends TotpError {
  readonly code = 'TOTP_SECRET_INVALID';
  override readonly name = 'TotpSecretInvalid';
}

/** A caller's parameter is out of its documented range (digits, window, step, an invalid Date, a label). */
export class TotpParameterInvalid extends TotpError {
  readonly code = 'TOTP_PARAMETER_INVALID';
  override readonly name = 'TotpParameterInvalid';
}
