import type { PortalRefusalReason } from '@paspoort/contracts';
import { DomainError } from '@paspoort/service-kit';

const STATUS: Partial<Record<PortalRefusalReason, number>> = {
  NO_CLIENT_CERTIFICATE: 401,
  STATUS_VIEW_STALE: 503,
  TOTP_NOT_ENROLLED: 409,
  TOTP_INVALID: 401,
  TOTP_REPLAYED: 401,
  PERSON_LOCKED: 423,
};

const MESSAGES: Record<PortalRefusalReason, string> = {
  CERTIFICATE_UNKNOWN: 'this certificate is not known to Paspoort',
  WRONG_ENVIRONMENT: 'this certificate belongs to another environment',
  NOT_ISSUED_BY_ENVIRONMENT_CA: 'this certificate was not issued by this environment’s CA',
  CERTIFICATE_EXPIRED: 'this certificate has expired or is not yet valid',
  CERTIFICATE_BLOCKED: 'this certificate is blocked',
  CERTIFICATE_REVOKED: 'this certificate is revoked',
  STATUS_VIEW_STALE: 'certificate status cannot be confirmed right now; try again shortly',
  NO_CLIENT_CERTIFICATE: 'present your personal certificate to log in',
  SYSTEM_CERTIFICATE_NOT_ALLOWED: 'a system certificate cannot log in to the portal',
  TOTP_NOT_ENROLLED: 'enroll your authenticator app first',
  TOTP_INVALID: 'the code is not valid',
  TOTP_REPLAYED: 'this code was already used; wait for the next one',
  PERSON_LOCKED: 'too many wrong codes; try again later',
};

/** A portal refusal: its own code, a status (certificate problems 403) and a message a person can read. */
export class PortalRefusal extends DomainError {
  constructor(readonly reason: PortalRefusalReason) {
    super(STATUS[reason] ?? 403, reason, MESSAGES[reason]);
    this.name = 'PortalRefusal';
  }
}
