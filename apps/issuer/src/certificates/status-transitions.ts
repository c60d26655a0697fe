import { conflict } from '@paspoort/service-kit';
import type { BlockCause, RevocationReason } from '@paspoort/contracts';
import type { CertificateRecord, StatusChange } from './certificate-record';

/**
 * The certificate lifecycle: active ⇄ blocked (certificateHold, can be lifted), active|blocked → revoked (final).
 * Each function returns the change to apply or throws 409 with the code of the refused transition.
 */
export function blockTransition(r: CertificateRecord, cause: BlockCause, at: Date): StatusChange {
  assertNotRevoked(r);
  if (r.status === 'blocked') throw conflict('CERTIFICATE_ALREADY_BLOCKED', `certificate ${r.serial} is already blocked`);
  return { status: 'blocked', blockCause: cause, revocationReason: null, revokedAt: null, changedAt: at };
}

export function unblockTransition(r: CertificateRecord, at: Date): StatusChange {
  assertNotRevoked(r);
  if (r.status !== 'blocked') throw conflict('CERTIFICATE_NOT_BLOCKED', `certificate ${r.serial} is not blocked`);
  return { status: 'active', blockCause: null, revocationReason: null, revokedAt: null, changedAt: at };
}

export function revokeTransition(r: CertificateRecord, reason: RevocationReason, at: Date): StatusChange {
  assertNotRevoked(r);
  return { status: 'revoked', blockCause: null, revocationReason: reason, revokedAt: at, changedAt: at };
}

function assertNotRevoked(r: CertificateRecord): void {
  if (r.status === 'revoked') throw conflict('CERTIFICATE_ALREADY_REVOKED', `certificate ${r.serial} is revoked; revocation is final`);
}
