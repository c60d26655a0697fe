import { buildEvent, type BlockCause, type CertificateStatusValue, type EventEnvelope } from '@paspoort/contracts';
import type { CertificateRecord } from './certificate-record';

/** The `paspoort.certificate-status.v1` value of a record (key = serial, revision = status revision). */
export function certificateStatusValue(r: CertificateRecord): CertificateStatusValue {
  return {
    key: r.serial,
    revision: r.statusRevision,
    updatedAt: r.statusChangedAt.toISOString(),
    serial: r.serial,
    environment: r.environment,
    profile: r.profile,
    ...(r.personId !== null && { personId: r.personId }),
    ...(r.organisationId !== null && { organisationId: r.organisationId }),
    ...(r.systemName !== null && { systemName: r.systemName }),
    fingerprintSha256: r.fingerprintSha256,
    status: r.status,
    blockCause: r.blockCause,
    revocationReason: r.revocationReason,
    changedAt: r.statusChangedAt.toISOString(),
    notAfter: r.notAfter.toISOString(),
  };
}

function envelope(r: CertificateRecord, actor: string) {
  return {
    source: 'issuer' as const,
    environment: r.environment,
    subject: r.serial,
    actor,
    refs: { personId: r.personId ?? undefined, serial: r.serial, organisationId: r.organisationId ?? undefined },
    occurredAt: r.statusChangedAt,
  };
}

export function certificateIssuedEvent(r: CertificateRecord, issuerDn: string, actor: string): EventEnvelope<'certificate.issued'> {
  const optional = {
    personId: r.personId,
    name: r.personName,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    systemName: r.systemName,
    renews: r.renews,
  };
  return buildEvent({
    type: 'certificate.issued',
    ...envelope(r, actor),
    data: {
      serial: r.serial,
      profile: r.profile,
      fingerprintSha256: r.fingerprintSha256,
      subjectDn: r.subjectDn,
      issuerDn,
      notBefore: r.notBefore.toISOString(),
      notAfter: r.notAfter.toISOString(),
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== null)),
    },
  });
}

/** The event of a status change that produced `r` (previousCause: the cause lifted by an unblock). */
export function statusChangedEvent(r: CertificateRecord, actor: string, previousCause: BlockCause | null): EventEnvelope {
  const at = r.statusChangedAt.toISOString();
  const base = envelope(r, actor);
  switch (r.status) {
    case 'blocked':
      return buildEvent({
        type: 'certificate.blocked',
        ...base,
        data: { serial: r.serial, profile: r.profile, cause: r.blockCause as BlockCause, blockedAt: at },
      });
    case 'revoked':
      return buildEvent({
        type: 'certificate.revoked',
        ...base,
        data: { serial: r.serial, profile: r.profile, reason: r.revocationReason ?? 'unspecified', revokedAt: at },
      });
    case 'active':
      return buildEvent({
        type: 'certificate.unblocked',
        ...base,
        data: { serial: r.serial, profile: r.profile, previousCause: previousCause as BlockCause, unblockedAt: at },
      });
  }
}
