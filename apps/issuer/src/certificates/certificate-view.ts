import type { CertificateRecord } from './certificate-record';
import { holderOf } from './certificate-record';

/** A certificate as `GET /certificates[/{serial}]` and the lifecycle calls return it. */
export interface CertificateView {
  serial: string;
  environment: string;
  profile: string;
  holder: Record<string, string>;
  fingerprintSha256: string;
  subjectDn: string;
  certificatePem: string;
  notBefore: string;
  notAfter: string;
  status: string;
  blockCause: string | null;
  revocationReason: string | null;
  revokedAt: string | null;
  statusChangedAt: string;
  renews: string | null;
  createdAt: string;
  createdBy: string;
}

export function certificateView(r: CertificateRecord): CertificateView {
  return {
    serial: r.serial,
    environment: r.environment,
    profile: r.profile,
    holder: holderOf(r),
    fingerprintSha256: r.fingerprintSha256,
    subjectDn: r.subjectDn,
    certificatePem: r.pem,
    notBefore: r.notBefore.toISOString(),
    notAfter: r.notAfter.toISOString(),
    status: r.status,
    blockCause: r.blockCause,
    revocationReason: r.revocationReason,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    statusChangedAt: r.statusChangedAt.toISOString(),
    renews: r.renews,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}
