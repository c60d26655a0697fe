import type { CertificateStatusValue } from '@paspoort/contracts';
import { compileRegistrations } from '@paspoort/ip-rules';
import { decideAccess, type AccessDecisionInput } from './access-decision';

const NOW = new Date('2026-06-01T12:00:00Z');
const facts = {
  serial: '0a1b',
  fingerprintSha256: 'f'.repeat(64),
  profile: 'system' as const,
  notBefore: new Date('2026-01-01T00:00:00Z'),
  notAfter: new Date('2027-01-01T00:00:00Z'),
};
const status = (over: Partial<CertificateStatusValue> = {}): CertificateStatusValue => ({
  key: '0a1b',
  revision: 1,
  updatedAt: NOW.toISOString(),
  serial: '0a1b',
  environment: 'test',
  profile: 'system',
  status: 'active',
  changedAt: NOW.toISOString(),
  notAfter: facts.notAfter.toISOString(),
  fingerprintSha256: facts.fingerprintSha256,
  ...over,
});
const registrations = compileRegistrations([{ id: 'r1', address: '10.0.0.0/24', validFrom: '2026-01-01T00:00:00Z', validUntil: null }]);

function input(over: Partial<AccessDecisionInput> = {}): AccessDecisionInput {
  return {
    channel: 'system',
    environment: 'test',
    certificate: facts,
    issuedBy: 'test',
    issuingCa: { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2034-01-01T00:00:00Z') },
    status: status(),
    fresh: true,
    ip: { sourceIp: '10.0.0.7', registrations, enforcedFrom: new Date('2026-01-01T00:00:00Z') },
    now: NOW,
    ...over,
  };
}

describe('decideAccess', () => {
  it.each([
    ['ok/registered address, enforced', input(), []],
    [
      'ok/unregistered address before enforcement warns',
      input({ ip: { sourceIp: '192.0.2.1', registrations, enforcedFrom: null } }),
      ['IP_NOT_REGISTERED_MONITOR_ONLY'],
    ],
    ['ok/no IP part (portal-like check of a system channel without address)', input({ ip: undefined }), []],
    [
      'ok/personal certificate at the portal',
      input({ channel: 'portal', certificate: { ...facts, profile: 'personal' }, status: status({ profile: 'personal' }) }),
      [],
    ],
  ])('%s', (_name, given, warnings) => {
    expect(decideAccess(given)).toEqual({ decision: 'allow', warnings });
  });

  it.each([
    ['fail/stale view', input({ fresh: false }), 'STATUS_VIEW_STALE'],
    ['fail/no known CA issued it', input({ issuedBy: undefined }), 'NOT_ISSUED_BY_ENVIRONMENT_CA'],
    ['fail/another environment issued it', input({ issuedBy: 'production' }), 'WRONG_ENVIRONMENT'],
    ['fail/not a Paspoort certificate', input({ certificate: undefined }), 'CERTIFICATE_UNKNOWN'],
    ['fail/expired', input({ now: new Date('2027-01-02T00:00:00Z') }), 'CERTIFICATE_EXPIRED'],
    ['fail/not yet valid', input({ now: new Date('2025-12-31T00:00:00Z') }), 'CERTIFICATE_EXPIRED'],
    [
      'fail/issuing CA expired',
      input({ issuingCa: { notBefore: new Date('2020-01-01'), notAfter: new Date('2026-01-01') } }),
      'CERTIFICATE_EXPIRED',
    ],
    ['fail/no status known', input({ status: undefined }), 'CERTIFICATE_UNKNOWN'],
    [
      'fail/status of a different certificate with the same serial',
      input({ status: status({ fingerprintSha256: 'e'.repeat(64) }) }),
      'CERTIFICATE_UNKNOWN',
    ],
    ['fail/status says another environment', input({ status: status({ environment: 'acceptance' }) }), 'WRONG_ENVIRONMENT'],
    ['fail/blocked', input({ status: status({ status: 'blocked', blockCause: 'lost' }) }), 'CERTIFICATE_BLOCKED'],
    ['fail/revoked', input({ status: status({ status: 'revoked', revocationReason: 'keyCompromise' }) }), 'CERTIFICATE_REVOKED'],
    [
      'fail/personal certificate on the system API',
      input({ certificate: { ...facts, profile: 'personal' } }),
      'PERSONAL_CERTIFICATE_NOT_ALLOWED',
    ],
    ['fail/system certificate at the portal', input({ channel: 'portal' }), 'SYSTEM_CERTIFICATE_NOT_ALLOWED'],
    [
      'fail/unregistered address, enforced',
      input({ ip: { sourceIp: '192.0.2.1', registrations, enforcedFrom: NOW } }),
      'IP_NOT_REGISTERED',
    ],
    [
      'fail/registration not yet valid, enforced',
      input({
        ip: {
          sourceIp: '10.0.0.7',
          registrations: compileRegistrations([{ id: 'r2', address: '10.0.0.7', validFrom: '2026-07-01T00:00:00Z', validUntil: null }]),
          enforcedFrom: NOW,
        },
      }),
      'IP_REGISTRATION_NOT_YET_VALID',
    ],
    [
      'fail/registration ended, enforced',
      input({
        ip: {
          sourceIp: '10.0.0.7',
          registrations: compileRegistrations([
            { id: 'r3', address: '10.0.0.7', validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' },
          ]),
          enforcedFrom: NOW,
        },
      }),
      'IP_REGISTRATION_EXPIRED',
    ],
  ])('%s', (_name, given, reason) => {
    expect(decideAccess(given)).toEqual({ decision: 'deny', reason, warnings: [] });
  });
});
