import type {
  AccessDenyReason,
  AccessWarning,
  BlockCause,
  CertificateProfile,
  Environment,
  PortalRefusalReason,
  RevocationReason,
  ServiceName,
} from './codes';
import { TOPICS, type TopicName } from './topics';

/** Who an event is about, so that any event can be found by person, certificate and organisation. */
export interface EventRefs {
  personId?: string;
  serial?: string;
  organisationId?: string;
}

/** The public event envelope (DESIGN.md). `data` is the per-type payload below. */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: ServiceName;
  environment: Environment | null;
  subject: string;
  actor: string;
  outcome: 'success' | 'refused';
  refs: EventRefs;
  data: EventDataMap[T];
}

export interface CertificateIssuedData {
  serial: string;
  profile: CertificateProfile;
  fingerprintSha256: string;
  subjectDn: string;
  issuerDn: string;
  notBefore: string;
  notAfter: string;
  personId?: string;
  name?: string;
  organisationId?: string;
  organisationName?: string;
  systemName?: string;
  renews?: string;
}
export interface CertificateBlockedData {
  serial: string;
  profile: CertificateProfile;
  cause: BlockCause;
  blockedAt: string;
}
export interface CertificateUnblockedData {
  serial: string;
  profile: CertificateProfile;
  previousCause: BlockCause;
  unblockedAt: string;
}
export interface CertificateRevokedData {
  serial: string;
  profile: CertificateProfile;
  reason: RevocationReason;
  revokedAt: string;
}

export type AccessChannel = 'portal' | 'access-check' | 'whoami' | 'token';

export interface LoginSucceededData {
  serial: string;
  fingerprintSha256: string;
  sourceIp: string;
  sessionExpiresAt: string;
}
export interface LoginFailedData {
  serial?: string;
  reason: PortalRefusalReason;
  sourceIp: string;
  consecutiveFailures?: number;
}
export interface LogoutData {
  serial: string;
  sourceIp?: string;
}
export interface AccessGrantedData {
  serial: string;
  sourceIp: string;
  channel: AccessChannel;
  warnings: AccessWarning[];
}
export interface AccessDeniedData {
  serial?: string;
  sourceIp: string;
  channel: AccessChannel;
  reason: AccessDenyReason | 'NO_CLIENT_CERTIFICATE' | 'NO_GRANT';
}
export interface TotpEnrolledData {
  personId: string;
  serial: string;
}
export interface TotpResetData {
  personId: string;
}
export interface PersonLockedData {
  personId: string;
  serial?: string;
  lockedUntil: string;
  consecutiveFailures: number;
}
export interface GrantChangedData {
  subject: string;
  role: string;
  change: 'granted' | 'withdrawn';
}
export interface IpRegistrationAddedData {
  registrationId: string;
  serial: string;
  address: string;
  validFrom: string;
  validUntil?: string | null;
  note?: string | null;
  registeredBy: string;
  inheritedFrom?: string | null;
}
export interface IpRegistrationEndedData {
  registrationId: string;
  serial: string;
  address: string;
  endedAt: string;
}
export interface EnforcementChangedData {
  enforcedFrom: string | null;
  previousEnforcedFrom: string | null;
}
export interface ApiRefusedData {
  service: ServiceName;
  method: string;
  path: string;
  status: 401 | 403;
  code: string;
  sourceIp?: string;
}
export interface AuditReadData {
  kind: 'query' | 'export' | 'stream' | 'verify';
  format?: 'json' | 'ndjson' | 'csv' | 'sse';
  filters: Record<string, string>;
}
export interface AuditCheckpointData {
  sequence: number;
  hash: string;
  signature: string;
  keyId: string;
  algorithm: string;
}

export interface EventDataMap {
  'certificate.issued': CertificateIssuedData;
  'certificate.blocked': CertificateBlockedData;
  'certificate.unblocked': CertificateUnblockedData;
  'certificate.revoked': CertificateRevokedData;
  'login.succeeded': LoginSucceededData;
  'login.failed': LoginFailedData;
  logout: LogoutData;
  'access.granted': AccessGrantedData;
  'access.denied': AccessDeniedData;
  'totp.enrolled': TotpEnrolledData;
  'totp.reset': TotpResetData;
  'person.locked': PersonLockedData;
  'grant.changed': GrantChangedData;
  'ip-registration.added': IpRegistrationAddedData;
  'ip-registration.ended': IpRegistrationEndedData;
  'enforcement.changed': EnforcementChangedData;
  'api.refused': ApiRefusedData;
  'audit.read': AuditReadData;
  'audit.checkpoint': AuditCheckpointData;
}
export type EventType = keyof EventDataMap;

/** The topic every event type is published on. */
export const EVENT_TOPIC: Readonly<Record<EventType, TopicName>> = {
  'certificate.issued': TOPICS.certificates,
  'certificate.blocked': TOPICS.certificates,
  'certificate.unblocked': TOPICS.certificates,
  'certificate.revoked': TOPICS.certificates,
  'login.succeeded': TOPICS.logins,
  'login.failed': TOPICS.logins,
  logout: TOPICS.logins,
  'access.granted': TOPICS.logins,
  'access.denied': TOPICS.logins,
  'totp.enrolled': TOPICS.logins,
  'totp.reset': TOPICS.logins,
  'person.locked': TOPICS.logins,
  'grant.changed': TOPICS.logins,
  'ip-registration.added': TOPICS.ipRegistrations,
  'ip-registration.ended': TOPICS.ipRegistrations,
  'enforcement.changed': TOPICS.ipRegistrations,
  'api.refused': TOPICS.apiAccess,
  'audit.read': TOPICS.apiAccess,
  'audit.checkpoint': TOPICS.auditCheckpoints,
};

export const EVENT_TYPES = Object.keys(EVENT_TOPIC) as EventType[];

/** Current schema version of every event type. */
export const EVENT_VERSION = 1;
