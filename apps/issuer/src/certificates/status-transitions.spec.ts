import { DomainError } from '@paspoort/service-kit';
import type { CertificateRecord } from './certificate-record';
import { blockTransition, revokeTransition, unblockTransition } from './status-transitions';
import { crlEntryOf } from '../crl/crl.service';

const at = new Date('2026-11-29T12:00:00Z');
const record = (status: CertificateRecord['status'], extra: Partial<CertificateRecord> = {}): CertificateRecord =>
  ({
    serial: '0abc',
    status,
    blockCause: status === 'blocked' ? 'lost' : null,
    statusChangedAt: new Date('2026-11-01T00:00:00Z'),
    revokedAt: null,
    revocationReason: null,
    ...extra,
  }) as CertificateRecord;

describe('certificate lifecycle transitions', () => {
  it('ok/active → blocked → active → revoked', () => {
    expect(blockTransition(record('active'), 'requested', at)).toEqual({
      status: 'blocked',
      blockCause: 'requested',
      revocationReason: null,
      revokedAt: null,
      changedAt: at,
    });
    expect(unblockTransition(record('blocked'), at)).toEqual({
      status: 'active',
      blockCause: null,
      revocationReason: null,
      revokedAt: null,
      changedAt: at,
    });
    expect(revokeTransition(record('blocked'), 'keyCompromise', at)).toEqual({
      status: 'revoked',
      blockCause: null,
      revocationReason: 'keyCompromise',
      revokedAt: at,
      changedAt: at,
    });
  });

  it.each([
    ['block a blocked certificate', () => blockTransition(record('blocked'), 'lost', at), 'CERTIFICATE_ALREADY_BLOCKED'],
    ['block a revoked certificate', () => blockTransition(record('revoked'), 'lost', at), 'CERTIFICATE_ALREADY_REVOKED'],
    ['unblock an active certificate', () => unblockTransition(record('active'), at), 'CERTIFICATE_NOT_BLOCKED'],
    ['unblock a revoked certificate', () => unblockTransition(record('revoked'), at), 'CERTIFICATE_ALREADY_REVOKED'],
    ['revoke a revoked certificate', () => revokeTransition(record('revoked'), 'superseded', at), 'CERTIFICATE_ALREADY_REVOKED'],
  ])('fail/%s → 409 with its code', (_, transition, code) => {
    expect(transition).toThrow(DomainError);
    try {
      transition();
    } catch (error) {
      expect(error).toEqual(expect.objectContaining({ status: 409, code }));
    }
  });

  it('ok/a CRL entry is certificateHold at the block instant, or the revocation reason at the revocation instant', () => {
    expect(crlEntryOf(record('blocked'))).toEqual({
      serial: '0abc',
      revokedAt: new Date('2026-11-01T00:00:00Z'),
      reason: 'certificateHold',
    });
    expect(crlEntryOf(record('revoked', { revokedAt: at, revocationReason: 'superseded' }))).toEqual({
      serial: '0abc',
      revokedAt: at,
      reason: 'superseded',
    });
  });
});
