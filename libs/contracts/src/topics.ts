/**
 * Every Kafka topic of the public contract. Names are versioned; a topic is never renamed in place.
 * `kind: 'events'` keeps everything (retention.ms=-1); `kind: 'state'` is compacted (latest value per key).
 */
export const TOPICS = {
  certificates: 'paspoort.certificates.v1',
  certificateStatus: 'paspoort.certificate-status.v1',
  ca: 'paspoort.ca.v1',
  tokenKeys: 'paspoort.token-keys.v1',
  ipRegistrations: 'paspoort.ip-registrations.v1',
  ipRegistrationState: 'paspoort.ip-registration-state.v1',
  logins: 'paspoort.logins.v1',
  apiAccess: 'paspoort.api-access.v1',
  auditCheckpoints: 'paspoort.audit-checkpoints.v1',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicKey];
export type TopicKind = 'events' | 'state';

export interface TopicSpec {
  readonly name: TopicName;
  readonly kind: TopicKind;
  /** What the message key is, in words (documentation and AsyncAPI). */
  readonly key: string;
  readonly description: string;
  /** Whether some service consumes it (each consumed topic has a `<topic>.dlq`). */
  readonly consumed: boolean;
}

export const TOPIC_SPECS: readonly TopicSpec[] = [
  {
    name: TOPICS.certificates,
    kind: 'events',
    key: 'serial',
    consumed: true,
    description: 'certificate.issued, .blocked, .unblocked, .revoked',
  },
  { name: TOPICS.certificateStatus, kind: 'state', key: 'serial', consumed: true, description: 'latest status of each certificate' },
  {
    name: TOPICS.ca,
    kind: 'state',
    key: 'environment',
    consumed: true,
    description: "each environment's CA chain (PEM), published by the issuer",
  },
  {
    name: TOPICS.tokenKeys,
    kind: 'state',
    key: 'kid',
    consumed: true,
    description: "authn's public token-signing keys (JWK), current and previous",
  },
  {
    name: TOPICS.ipRegistrations,
    kind: 'events',
    key: 'serial, or enforcement:<environment>',
    consumed: true,
    description: 'ip-registration.added, .ended, enforcement.changed',
  },
  {
    name: TOPICS.ipRegistrationState,
    kind: 'state',
    key: 'serial, or enforcement:<environment>',
    consumed: true,
    description: 'all current and future registrations of a certificate; the enforcement instant of an environment',
  },
  {
    name: TOPICS.logins,
    kind: 'events',
    key: 'personId or serial',
    consumed: true,
    description: 'login, logout, access, TOTP, lock and grant events',
  },
  { name: TOPICS.apiAccess, kind: 'events', key: 'service', consumed: true, description: 'api.refused and audit.read' },
  {
    name: TOPICS.auditCheckpoints,
    kind: 'events',
    key: 'ledger',
    consumed: false,
    description: 'signed ledger heads of the audit service (not ingested by audit itself)',
  },
];

export const EVENT_TOPICS: readonly TopicName[] = TOPIC_SPECS.filter((t) => t.kind === 'events').map((t) => t.name);
export const STATE_TOPICS: readonly TopicName[] = TOPIC_SPECS.filter((t) => t.kind === 'state').map((t) => t.name);

export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Every topic the project creates: the contract topics plus a DLQ for each consumed one. */
export function allTopicNames(): string[] {
  return [...TOPIC_SPECS.map((t) => t.name), ...TOPIC_SPECS.filter((t) => t.consumed).map((t) => dlqTopic(t.name))];
}
