import type { BlockCause, CertificateProfile, CertificateStatus, Environment, RevocationReason } from '@paspoort/contracts';

/** One issued certificate as the issuer keeps it (a row of issuer.certificates). */
export interface CertificateRecord {
  serial: string;
  environment: Environment;
  profile: CertificateProfile;
  personId: string | null;
  personName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  systemName: string | null;
  fingerprintSha256: string;
  subjectDn: string;
  pem: string;
  notBefore: Date;
  notAfter: Date;
  status: CertificateStatus;
  blockCause: BlockCause | null;
  revocationReason: RevocationReason | null;
  revokedAt: Date | null;
  /** Issuance, block, unblock or revocation instant: whichever happened last. */
  statusChangedAt: Date;
  /** Revision of this serial's value on paspoort.certificate-status.v1; +1 with every change. */
  statusRevision: number;
  renews: string | null;
  createdAt: Date;
  createdBy: string;
}

/** A new status and when it took effect. */
export interface StatusChange {
  status: CertificateStatus;
  blockCause: BlockCause | null;
  revocationReason: RevocationReason | null;
  revokedAt: Date | null;
  changedAt: Date;
}

/** The holder as written into the certificate, from a record. */
export function holderOf(record: CertificateRecord): Record<string, string> {
  const fields: Record<string, string | null> =
    record.profile === 'personal'
      ? {
          personId: record.personId,
          name: record.personName,
          organisationId: record.organisationId,
          organisationName: record.organisationName,
        }
      : { organisationId: record.organisationId, organisationName: record.organisationName, systemName: record.systemName };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null));
}
