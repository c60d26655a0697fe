import type * as x509 from '../x509';
import { ValidityInvalid } from '../errors';
import { earliest, truncateToSeconds } from '../time';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Upper bound on a requested validity; certificates are renewed, not issued for decades. */
export const MAX_VALIDITY_DAYS = 3650;

/**
 * Validity window of an end-entity certificate: from `notBefore` (whole seconds) for `validityDays`, clamped so
 * it never ends after the issuing CA. Throws `ValidityInvalid` when validityDays is not an integer in
 * [1, 3650] or the window does not lie within the CA's own validity.
 */
export function leafValidity(notBefore: Date, validityDays: number, issuingCa: x509.X509Certificate): { notBefore: Date; notAfter: Date } {
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
    throw new ValidityInvalid(`validityDays must be an integer between 1 and ${MAX_VALIDITY_DAYS}`);
  }
  const start = truncateToSeconds(notBefore);
  if (start < issuingCa.notBefore || start >= issuingCa.notAfter) {
    throw new ValidityInvalid('notBefore lies outside the issuing CA validity');
  }
  const end = earliest(new Date(start.getTime() + validityDays * DAY_MS), issuingCa.notAfter);
  return { notBefore: start, notAfter: end };
}
