import { AuthRefusal, unprocessable } from '@paspoort/service-kit';
import type { Principal } from '@paspoort/auth';
import type { Holder } from '@paspoort/pki';
import type { CertificateRecord } from './certificate-record';
import type { IssuanceRequest } from './issuance-request';

/** `operator` issues anything; `org-admin:<organisationId>` only system certificates of its own organisation. */
export function assertMayIssue(principal: Principal, request: IssuanceRequest): void {
  if (principal.hasRole('operator')) return;
  const organisationId = (request.holder as { organisationId?: unknown } | null)?.organisationId;
  if (request.profile !== 'system') throw new AuthRefusal(403, 'FORBIDDEN_ROLE', 'only an operator issues personal certificates');
  if (typeof organisationId !== 'string' || !principal.isOrgAdminOf(organisationId)) {
    throw new AuthRefusal(403, 'FORBIDDEN_ORGANISATION', 'an org-admin issues system certificates of its own organisation only');
  }
}

/**
 * A renewal names a certificate of the same profile, environment and holder identity (personal: personId;
 * system: organisationId and systemName). Names may change (a person's name, an organisation's name).
 */
export function checkRenewal(renewed: CertificateRecord | undefined, request: IssuanceRequest, holder: Holder): void {
  if (!renewed) throw unprocessable('RENEWAL_CERTIFICATE_UNKNOWN', `renews: no certificate with serial ${request.renews}`);
  if (renewed.environment !== request.environment)
    throw unprocessable('RENEWAL_ENVIRONMENT_MISMATCH', 'renews: the certificate belongs to another environment');
  if (renewed.profile !== request.profile) throw unprocessable('RENEWAL_PROFILE_MISMATCH', 'renews: the certificate has another profile');
  const h = holder as Partial<Record<'personId' | 'organisationId' | 'systemName', string>>;
  const same =
    request.profile === 'personal'
      ? renewed.personId === h.personId
      : renewed.organisationId === h.organisationId && renewed.systemName === h.systemName;
  if (!same) throw unprocessable('RENEWAL_HOLDER_MISMATCH', 'renews: the certificate belongs to another holder');
}
