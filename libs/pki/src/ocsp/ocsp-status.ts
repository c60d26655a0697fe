import type { CertificateStatus, RevocationReason } from '@paspoort/contracts';

/** The answer for one certificate. A block is `revoked` with reason `certificateHold` (RFC 5280/6960). */
export type OcspCertStatus =
  { kind: 'good' } | { kind: 'revoked'; revokedAt: Date; reason: RevocationReason | 'certificateHold' } | { kind: 'unknown' };

/** What the issuer knows about a certificate it issued (a row of its certificates table). */
export interface CertificateStatusRecord {
  status: CertificateStatus;
  /** When the status last changed: the block or revocation instant for blocked/revoked. */
  changedAt: Date | string;
  revocationReason?: RevocationReason;
}

/**
 * OCSP status of a certificate from the issuer's record: no record → unknown; active → good;
 * blocked → revoked/certificateHold at the block instant; revoked → revoked with its reason (unspecified when
 * none was recorded). Agrees with the CRL built from the same records.
 */
export function ocspStatusFor(record: CertificateStatusRecord | undefined): OcspCertStatus {
  if (!record) return { kind: 'unknown' };
  const changedAt = new Date(record.changedAt);
  switch (record.status) {
    case 'active':
      return { kind: 'good' };
    case 'blocked':
      return { kind: 'revoked', revokedAt: changedAt, reason: 'certificateHold' };
    case 'revoked':
      return { kind: 'revoked', revokedAt: changedAt, reason: record.revocationReason ?? 'unspecified' };
  }
}
