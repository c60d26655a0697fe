import { createHash } from 'node:crypto';
import type { CertificateProfile, Environment } from '@paspoort/contracts';
import * as x509 from '../x509';
import { certificateParts } from '../asn1/certificate-parts';
import { CertificateMalformed, CertificateProfileUnknown, PkiError } from '../errors';
import { SUBJECT_OIDS } from '../holder/holder-subject';
import { DEFAULT_POLICY_OIDS, lookupPolicyOid, type PolicyOidTable } from '../policy/policy-oids';
import { formatSerial } from '../serial/serial';
import { readCertificate } from './read-certificate';

/** What services need to know about a Paspoort certificate, read back from the certificate itself. */
export interface CertificateDescription {
  serial: string;
  fingerprintSha256: string;
  profile: CertificateProfile;
  /** Environment named by the policy OID, when the certificate carries a known one. */
  environment?: Environment;
  personId?: string;
  personName?: string;
  organisationId?: string;
  organisationName?: string;
  systemName?: string;
  notBefore: Date;
  notAfter: Date;
  subjectDn: string;
  issuerDn: string;
}

/**
 * Describes a certificate issued by `issueCertificate`. The profile comes from the policy OID (in `policyOids`),
 * else from the subject: serialNumber → personal, organizationIdentifier without serialNumber → system.
 * Throws `CertificateMalformed` for unreadable input, `CertificateProfileUnknown` when neither applies.
 */
export function describeCertificate(
  input: string | Uint8Array | x509.X509Certificate,
  policyOids: PolicyOidTable = DEFAULT_POLICY_OIDS,
): CertificateDescription {
  try {
    return describe(readCertificate(input), policyOids);
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new CertificateMalformed(`certificate is not well-formed X.509 (${(error as Error).message})`);
  }
}

function describe(certificate: x509.X509Certificate, policyOids: PolicyOidTable): CertificateDescription {
  const der = Buffer.from(certificate.rawData);
  const policy = policyOf(certificate, policyOids);
  const field = (oid: string): string | undefined => certificate.subjectName.getField(oid)[0];
  const personId = field(SUBJECT_OIDS.serialNumber);
  const organisationId = field(SUBJECT_OIDS.organizationIdentifier);
  const profile = policy?.profile ?? (personId ? 'personal' : organisationId ? 'system' : undefined);
  if (!profile) throw new CertificateProfileUnknown('certificate has no Paspoort policy OID and no profile subject attributes');
  const commonName = field(SUBJECT_OIDS.commonName);
  return {
    serial: formatSerial(certificateParts(der).serial),
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    profile,
    environment: policy?.environment,
    ...(profile === 'personal' ? { personId, personName: commonName } : { systemName: commonName }),
    organisationId,
    organisationName: field(SUBJECT_OIDS.organizationName),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    subjectDn: certificate.subject,
    issuerDn: certificate.issuer,
  };
}

function policyOf(certificate: x509.X509Certificate, table: PolicyOidTable): ReturnType<typeof lookupPolicyOid> {
  const extension = certificate.getExtension('2.5.29.32');
  if (!extension) return undefined;
  const policies = new x509.CertificatePolicyExtension(extension.rawData).policies;
  return policies.map((oid) => lookupPolicyOid(oid, table)).find((found) => found !== undefined);
}
