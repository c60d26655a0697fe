import type { AccessDenyReason, AccessWarning, CertificateStatusValue, Environment } from '@paspoort/contracts';
import type { CompiledRegistrations } from '@paspoort/ip-rules';

/** Where a certificate is presented: the system API (access checks, whoami, token) or the portal. */
export type AccessChannelKind = 'system' | 'portal';

export type AccessRefusal = AccessDenyReason | 'SYSTEM_CERTIFICATE_NOT_ALLOWED';

export type AccessDecision = { decision: 'allow'; warnings: AccessWarning[] } | { decision: 'deny'; reason: AccessRefusal; warnings: [] };

/** The facts of a presented certificate the decision needs (parsed once, cached by fingerprint). */
export interface CertificateFacts {
  serial: string;
  fingerprintSha256: string;
  profile: 'personal' | 'system';
  notBefore: Date;
  notAfter: Date;
}

export interface AccessDecisionInput {
  channel: AccessChannelKind;
  environment: Environment;
  /** Undefined when the certificate is not a Paspoort personal or system certificate. */
  certificate: CertificateFacts | undefined;
  /** The environment whose issuing CA signed the certificate (under the shared root), if any known one did. */
  issuedBy: Environment | undefined;
  /** Validity of this environment's issuing CA. */
  issuingCa: { notBefore: Date; notAfter: Date } | undefined;
  status: CertificateStatusValue | undefined;
  /** Whether the projections were confirmed current with the broker within the limit. */
  fresh: boolean;
  /** The IP part, system channel only. */
  ip?: { sourceIp: string; registrations: CompiledRegistrations; enforcedFrom: Date | null };
  now: Date;
}

const deny = (reason: AccessRefusal): AccessDecision => ({ decision: 'deny', reason, warnings: [] });

/**
 * May this certificate, from this address, now, get in? Checks in order: a stale view fails closed; the chain
 * to this environment's issuing CA (another environment's CA: WRONG_ENVIRONMENT); validity; the status known
 * from the issuer (unknown, revoked, blocked); the profile allowed on the channel; then the IP registrations.
 */
export function decideAccess(input: AccessDecisionInput): AccessDecision {
  if (!input.fresh) return deny('STATUS_VIEW_STALE');
  if (input.issuedBy !== input.environment) return deny(input.issuedBy ? 'WRONG_ENVIRONMENT' : 'NOT_ISSUED_BY_ENVIRONMENT_CA');
  const certificate = input.certificate;
  if (!certificate) return deny('CERTIFICATE_UNKNOWN');
  if (!withinValidity(input.now, certificate) || !input.issuingCa || !withinValidity(input.now, input.issuingCa))
    return deny('CERTIFICATE_EXPIRED');
  const statusRefusal = refusalByStatus(input.status, certificate, input.environment);
  if (statusRefusal) return deny(statusRefusal);
  if (input.channel === 'portal')
    return certificate.profile === 'personal' ? { decision: 'allow', warnings: [] } : deny('SYSTEM_CERTIFICATE_NOT_ALLOWED');
  if (certificate.profile !== 'system') return deny('PERSONAL_CERTIFICATE_NOT_ALLOWED');
  if (!input.ip) return { decision: 'allow', warnings: [] };
  const ip = input.ip.registrations.decide({ sourceIp: input.ip.sourceIp, now: input.now, enforcedFrom: input.ip.enforcedFrom });
  return ip.decision === 'allow' ? { decision: 'allow', warnings: ip.warnings } : deny(ip.reason ?? 'IP_NOT_REGISTERED');
}

function withinValidity(now: Date, window: { notBefore: Date; notAfter: Date }): boolean {
  return now.getTime() >= window.notBefore.getTime() && now.getTime() <= window.notAfter.getTime();
}

function refusalByStatus(
  status: CertificateStatusValue | undefined,
  certificate: CertificateFacts,
  environment: Environment,
): AccessRefusal | undefined {
  if (!status || status.serial !== certificate.serial) return 'CERTIFICATE_UNKNOWN';
  if (status.fingerprintSha256 && status.fingerprintSha256 !== certificate.fingerprintSha256) return 'CERTIFICATE_UNKNOWN';
  if (status.environment !== environment) return 'WRONG_ENVIRONMENT';
  if (status.status === 'revoked') return 'CERTIFICATE_REVOKED';
  if (status.status === 'blocked') return 'CERTIFICATE_BLOCKED';
  return undefined;
}
