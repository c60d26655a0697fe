import type { Environment } from '@paspoort/contracts';
import { IpRuleError, IpRuleInputInvalid, parseRegistrationAddress, type IpRange } from '@paspoort/ip-rules';
import { badRequest, conflict } from '@paspoort/service-kit';
import type { RegistrationLimits } from '../config/ip-registry.config';

/** When a registration is valid: from `validFrom` (inclusive) until `validUntil` (exclusive; null = open-ended). */
export interface Validity {
  validFrom: Date;
  validUntil: Date | null;
}

/**
 * Normalises and checks a user's address against the policy of the certificate's environment (trimmed first).
 * @throws DomainError 400 with the ip-rules code: IP_ADDRESS_INVALID, IP_PREFIX_INVALID, IP_CIDR_HOST_BITS_SET,
 *   IP_RANGE_TOO_BROAD, IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION
 */
export function registrableRange(input: string, environment: Environment, limits: RegistrationLimits): IpRange {
  try {
    return parseRegistrationAddress(input.trim(), { environment, minPrefixV4: limits.minPrefixV4, minPrefixV6: limits.minPrefixV6 });
  } catch (error) {
    if (error instanceof IpRuleError && !(error instanceof IpRuleInputInvalid)) throw badRequest(error.code, error.message);
    throw error;
  }
}

/**
 * The validity a new registration gets. `validFrom` defaults to now, and one in the past becomes now: a registration
 * never takes effect before it was made, so the history stays true. `validUntil` must come after it.
 * @throws DomainError 400 IP_VALIDITY_INVALID
 */
export function effectiveValidity(requested: { validFrom?: Date; validUntil?: Date | null }, now: Date): Validity {
  const from = requested.validFrom && requested.validFrom.getTime() > now.getTime() ? requested.validFrom : now;
  const until = requested.validUntil ?? null;
  if (until && until.getTime() <= from.getTime()) {
    throw badRequest('IP_VALIDITY_INVALID', `validUntil must be after validFrom (${from.toISOString()}) and in the future`);
  }
  return { validFrom: from, validUntil: until };
}

/** Two validity periods share an instant (both half-open). */
export function validitiesOverlap(a: Validity, b: Validity): boolean {
  const aEnds = a.validUntil?.getTime() ?? Infinity;
  const bEnds = b.validUntil?.getTime() ?? Infinity;
  return a.validFrom.getTime() < bEnds && b.validFrom.getTime() < aEnds;
}

/**
 * Refuses an exact duplicate: the same canonical address with an overlapping validity among the certificate's
 * current and future registrations, and refuses more than the configured number of them.
 * @throws DomainError 409 IP_REGISTRATION_DUPLICATE or IP_REGISTRATION_LIMIT_REACHED
 */
export function assertRegistrable(
  active: readonly (Validity & { id: string; address: string })[],
  candidate: Validity & { address: string },
  limits: RegistrationLimits,
): void {
  const duplicate = active.find((r) => r.address === candidate.address && validitiesOverlap(r, candidate));
  if (duplicate) {
    throw conflict(
      'IP_REGISTRATION_DUPLICATE',
      `${candidate.address} is already registered for this certificate (${duplicate.id}) in an overlapping period`,
    );
  }
  if (active.length >= limits.maxPerCertificate) {
    throw conflict(
      'IP_REGISTRATION_LIMIT_REACHED',
      `a certificate holds at most ${limits.maxPerCertificate} current and future registrations`,
    );
  }
}
