import { timingSafeEqual } from 'node:crypto';
import { decodeBase32 } from './base32';
import { TotpParameterInvalid, TotpSecretInvalid } from './errors';
import { hotpCode } from './hotp';

/** Paspoort's TOTP profile: RFC 6238 with HMAC-SHA-1, 30-second steps from the Unix epoch, 6 digits. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_DEFAULT_WINDOW = 1;
/** Widest window accepted: ±10 steps is ±5 minutes, already far beyond any sane clock drift. */
export const TOTP_MAX_WINDOW = 10;
/** RFC 4226 R6: a shared secret of at least 128 bits. */
export const TOTP_MIN_SECRET_BYTES = 16;

export type TotpFailureReason = 'TOTP_INVALID' | 'TOTP_REPLAYED' | 'TOTP_MALFORMED';

/**
 * `step` is the time step the code belongs to: store it as the person's last used step, atomically with the login,
 * and pass it back as `lastUsedStep` next time. `drift` is step minus the current step (-window..window).
 */
export type TotpVerification = { ok: true; step: number; drift: number } | { ok: false; reason: TotpFailureReason };

export interface VerifyTotpInput {
  /** Base32 secret (see decodeBase32); at least 16 bytes. */
  secret: string;
  /** What the person typed. */
  code: string;
  now: Date;
  /** Steps accepted either side of the current one, 0..TOTP_MAX_WINDOW; default 1. */
  window?: number;
  /** The highest step already used by this person; a code of this step or an earlier one is a replay. */
  lastUsedStep?: number | null;
  /** 6..8; default 6. */
  digits?: number;
}

/** The RFC 6238 time step containing `now`: floor(unix seconds / 30). Negative before the epoch. */
export function stepAt(now: Date): number {
  const ms = now instanceof Date ? now.getTime() : NaN;
  if (Number.isNaN(ms)) throw new TotpParameterInvalid('now must be a valid Date');
  return Math.floor(ms / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of `secret` at time step `step` (a non-negative safe integer), zero-padded to `digits` (6..8). */
export function codeAt(secret: string, step: number, digits: number = TOTP_DIGITS): string {
  return hotpCode(decodeTotpSecret(secret), checkedStep(step), checkedDigits(digits));
}

/**
 * Verifies a code against the steps `current - window .. current + window` (the current step at `now`).
 * - `TOTP_MALFORMED`: not exactly `digits` ASCII digits; surrounding spaces, tabs and line breaks are ignored,
 *   nothing else is (no inner spaces, no non-ASCII digits, not a non-string).
 * - `TOTP_REPLAYED`: the code matches, but only steps <= `lastUsedStep`.
 * - `TOTP_INVALID`: no step in the window matches.
 * Every candidate is compared with timingSafeEqual, without stopping at the first match, so the time taken does not
 * reveal which step (if any) matched. When several steps match, the latest one counts.
 * @throws TotpSecretInvalid for a bad secret; TotpParameterInvalid for a bad `now`, `window`, `digits` or `lastUsedStep`
 */
export function verifyTotp(input: VerifyTotpInput): TotpVerification {
  const key = decodeTotpSecret(input.secret);
  const digits = checkedDigits(input.digits ?? TOTP_DIGITS);
  const window = checkedWindow(input.window ?? TOTP_DEFAULT_WINDOW);
  const lastUsedStep = checkedLastUsedStep(input.lastUsedStep);
  const current = stepAt(input.now);
  const code = normaliseCode(input.code, digits);
  if (code === null) return { ok: false, reason: 'TOTP_MALFORMED' };
  let matched = -1;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const equal = timingSafeEqual(Buffer.from(hotpCode(key, step, digits), 'ascii'), code);
    if (equal) matched = step;
  }
  if (matched < 0) return { ok: false, reason: 'TOTP_INVALID' };
  if (lastUsedStep !== null && matched <= lastUsedStep) return { ok: false, reason: 'TOTP_REPLAYED' };
  return { ok: true, step: matched, drift: matched - current };
}

function normaliseCode(code: unknown, digits: number): Buffer | null {
  if (typeof code !== 'string') return null;
  const match = /^[ \t\r\n]*([0-9]+)[ \t\r\n]*$/.exec(code);
  return match && match[1]!.length === digits ? Buffer.from(match[1]!, 'ascii') : null;
}

/**
 * The key bytes of a base32 TOTP secret (either case, padding optional), at least TOTP_MIN_SECRET_BYTES long.
 * @throws TotpSecretInvalid — whose message never contains the secret
 */
export function decodeTotpSecret(secret: string): Buffer {
  const key = typeof secret === 'string' ? decodeBase32(secret) : null;
  if (key === null || key.length < TOTP_MIN_SECRET_BYTES) {
    throw new TotpSecretInvalid(`the TOTP secret must be base32 of at least ${TOTP_MIN_SECRET_BYTES} bytes`);
  }
  return key;
}

function checkedDigits(digits: number): number {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new TotpParameterInvalid('digits must be 6, 7 or 8');
  return digits;
}

function checkedWindow(window: number): number {
  if (!Number.isInteger(window) || window < 0 || window > TOTP_MAX_WINDOW) {
    throw new TotpParameterInvalid(`window must be an integer in 0..${TOTP_MAX_WINDOW}`);
  }
  return window;
}

function checkedStep(step: number): number {
  if (!Number.isSafeInteger(step) || step < 0) throw new TotpParameterInvalid('step must be a non-negative safe integer');
  return step;
}

function checkedLastUsedStep(step: number | null | undefined): number | null {
  if (step === undefined || step === null) return null;
  if (!Number.isSafeInteger(step)) throw new TotpParameterInvalid('lastUsedStep must be a safe integer or null');
  return step;
}
