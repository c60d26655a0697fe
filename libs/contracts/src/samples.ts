import { buildEvent } from './build-event';
import type { EventDataMap, EventEnvelope, EventType } from './events';

const serial = '4f1c2a9be0d3a7c5';
const at = '2026-11-29T12:00:00.000Z';
const fp = 'a'.repeat(64);

/** One valid payload per event type: the contract's own examples (tests, AsyncAPI readers, the audit tests). */
export const SAMPLE_EVENT_DATA: { [T in EventType]: EventDataMap[T] } = {
  'certificate.issued': {
    serial,
    profile: 'system',
    fingerprintSha256: fp,
    subjectDn: 'CN=claims,O=Apotheek De Linde',
    issuerDn: 'CN=Paspoort Test Issuing CA',
    notBefore: at,
    notAfter: at,
    organisationId: '01234567',
    organisationName: 'Apotheek De Linde',
    systemName: 'claims',
  },
  'certificate.blocked': {
    serial,
    profile: 'personal',
    cause: 'lost',
    blockedAt: at,
  },
  'certificate.unblocked': {
    serial,
    profile: 'personal',
    previousCause: 'lost',
    unblockedAt: at,
  },
  'certificate.revoked': {
    serial,
    profile: 'personal',
    reason: 'keyCompromise',
    revokedAt: at,
  },
  'login.succeeded': {
    serial,
    fingerprintSha256: fp,
    sourceIp: '192.0.2.10',
    sessionExpiresAt: at,
  },
  'login.failed': {
    serial,
    reason: 'TOTP_INVALID',
    sourceIp: '192.0.2.10',
    consecutiveFailures: 2,
  },
  logout: { serial, sourceIp: '192.0.2.10' },
  'access.granted': {
    serial,
    sourceIp: '192.0.2.10',
    channel: 'access-check',
    warnings: ['IP_NOT_REGISTERED_MONITOR_ONLY'],
  },
  'access.denied': {
    serial,
    sourceIp: '192.0.2.10',
    channel: 'whoami',
    reason: 'CERTIFICATE_REVOKED',
  },
  'totp.enrolled': { personId: 'p-1', serial },
  'totp.reset': { personId: 'p-1' },
  'person.locked': {
    personId: 'p-1',
    serial,
    lockedUntil: at,
    consecutiveFailures: 5,
  },
  'grant.changed': {
    subject: 'person:p-1',
    role: 'operator',
    change: 'granted',
  },
  'ip-registration.added': {
    registrationId: 'r-1',
    serial,
    address: '192.0.2.0/24',
    validFrom: at,
    validUntil: null,
    note: null,
    registeredBy: 'person:p-1',
    inheritedFrom: null,
  },
  'ip-registration.ended': {
    registrationId: 'r-1',
    serial,
    address: '192.0.2.0/24',
    endedAt: at,
  },
  'enforcement.changed': { enforcedFrom: at, previousEnforcedFrom: null },
  'api.refused': {
    service: 'issuer',
    method: 'POST',
    path: '/certificates',
    status: 403,
    code: 'FORBIDDEN_ROLE',
    sourceIp: '192.0.2.10',
  },
  'audit.read': { kind: 'query', format: 'json', filters: { serial } },
  'audit.checkpoint': {
    sequence: 10,
    hash: 'b'.repeat(64),
    signature: 'c2ln',
    keyId: 'k1',
    algorithm: 'Ed25519',
  },
};

/** A valid envelope of the given type with its sample payload. */
export function sampleEvent<T extends EventType>(type: T, overrides: Partial<EventEnvelope<T>> = {}): EventEnvelope<T> {
  const base = buildEvent({
    type,
    source: 'issuer',
    environment: type === 'audit.checkpoint' ? null : 'test',
    subject: serial,
    actor: 'bootstrap',
    refs: { serial, personId: 'p-1', organisationId: '01234567' },
    data: SAMPLE_EVENT_DATA[type],
  });
  return { ...base, ...overrides };
}
