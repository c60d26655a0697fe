/** The closed vocabularies of DESIGN.md, shared by events, HTTP answers and every service. */

export const ENVIRONMENTS = ['test', 'acceptance', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const PROFILES = ['personal', 'system'] as const;
export type CertificateProfile = (typeof PROFILES)[number];

export const CERTIFICATE_STATUSES = ['active', 'blocked', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const SERVICES = ['issuer', 'authn', 'ip-registry', 'audit'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const BLOCK_CAUSES = ['requested', 'lost', 'suspected-misuse', 'administrative'] as const;
export type BlockCause = (typeof BLOCK_CAUSES)[number];

/** RFC 5280 CRLReason names Paspoort accepts for a final revocation. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** RFC 5280 CRLReason code of each revocation reason (and certificateHold for a block). */
export const CRL_REASON_CODES: Readonly<Record<RevocationReason | 'certificateHold', number>> = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
};

export const ACCESS_DENY_REASONS = [
  'CERTIFICATE_UNKNOWN',
  'WRONG_ENVIRONMENT',
  'NOT_ISSUED_BY_ENVIRONMENT_CA',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_BLOCKED',
  'CERTIFICATE_REVOKED',
  'PERSONAL_CERTIFICATE_NOT_ALLOWED',
  'STATUS_VIEW_STALE',
  'IP_NOT_REGISTERED',
  'IP_REGISTRATION_NOT_YET_VALID',
  'IP_REGISTRATION_EXPIRED',
] as const;
export type AccessDenyReason = (typeof ACCESS_DENY_REASONS)[number];

export const IP_DENY_REASONS = ['IP_NOT_REGISTERED', 'IP_REGISTRATION_NOT_YET_VALID', 'IP_REGISTRATION_EXPIRED'] as const;
export type IpDenyReason = (typeof IP_DENY_REASONS)[number];

export const ACCESS_WARNINGS = [
  'IP_NOT_REGISTERED_MONITOR_ONLY',
  'IP_REGISTRATION_NOT_YET_VALID_MONITOR_ONLY',
  'IP_REGISTRATION_EXPIRED_MONITOR_ONLY',
] as const;
export type AccessWarning = (typeof ACCESS_WARNINGS)[number];

export const PORTAL_REFUSAL_REASONS = [
  'CERTIFICATE_UNKNOWN',
  'WRONG_ENVIRONMENT',
  'NOT_ISSUED_BY_ENVIRONMENT_CA',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_BLOCKED',
  'CERTIFICATE_REVOKED',
  'STATUS_VIEW_STALE',
  'NO_CLIENT_CERTIFICATE',
  'SYSTEM_CERTIFICATE_NOT_ALLOWED',
  'TOTP_NOT_ENROLLED',
  'TOTP_INVALID',
  'TOTP_REPLAYED',
  'PERSON_LOCKED',
] as const;
export type PortalRefusalReason = (typeof PORTAL_REFUSAL_REASONS)[number];

/** Fixed roles; `org-admin:<organisationId>` is the one parameterised role. */
export const FIXED_ROLES = ['operator', 'compliance-officer', 'gateway'] as const;
export type FixedRole = (typeof FIXED_ROLES)[number];
export type Role = FixedRole | `org-admin:${string}`;
export const ROLE_PATTERN = '^(operator|compliance-officer|gateway|org-admin:[A-Za-z0-9._-]{1,64})$';

/** Serial as `openssl x509 -noout -serial` prints it, lower-cased: even-length hex, at most 20 octets. */
export const SERIAL_PATTERN = '^(?:[0-9a-f]{2}){1,20}$';
export const ACTOR_PATTERN = '^(person:.+|system:[0-9a-f]+|bootstrap|service:(issuer|authn|ip-registry|audit))$';

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}
