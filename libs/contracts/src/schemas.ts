import {
  ACCESS_DENY_REASONS,
  ACCESS_WARNINGS,
  BLOCK_CAUSES,
  CERTIFICATE_STATUSES,
  ENVIRONMENTS,
  PORTAL_REFUSAL_REASONS,
  PROFILES,
  REVOCATION_REASONS,
  SERIAL_PATTERN,
  SERVICES,
  ACTOR_PATTERN,
} from './codes';
import type { EventType } from './events';
import { TOPICS } from './topics';

/** JSON Schema (draft 2020-12 subset that ajv validates) of every event payload, the envelope and the state values. */
export type JsonSchema = Record<string, unknown>;

const instant = { type: 'string', format: 'date-time' } as const;
const serial = { type: 'string', pattern: SERIAL_PATTERN } as const;
const id = { type: 'string', minLength: 1, maxLength: 128 } as const;
const text = { type: 'string', minLength: 1, maxLength: 512 } as const;
const ip = { type: 'string', minLength: 2, maxLength: 64 } as const;
const fingerprint = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const obj = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required,
  properties,
  additionalProperties: false,
});

export const EVENT_DATA_SCHEMAS: Readonly<Record<EventType, JsonSchema>> = {
  'certificate.issued': obj(['serial', 'profile', 'fingerprintSha256', 'subjectDn', 'issuerDn', 'notBefore', 'notAfter'], {
    serial,
    profile: { enum: PROFILES },
    fingerprintSha256: fingerprint,
    subjectDn: text,
    issuerDn: text,
    notBefore: instant,
    notAfter: instant,
    personId: id,
    name: text,
    organisationId: id,
    organisationName: text,
    systemName: text,
    renews: serial,
  }),
  'certificate.blocked': obj(['serial', 'profile', 'cause', 'blockedAt'], {
    serial,
    profile: { enum: PROFILES },
    cause: { enum: BLOCK_CAUSES },
    blockedAt: instant,
  }),
  'certificate.unblocked': obj(['serial', 'profile', 'previousCause', 'unblockedAt'], {
    serial,
    profile: { enum: PROFILES },
    previousCause: { enum: BLOCK_CAUSES },
    unblockedAt: instant,
  }),
  'certificate.revoked': obj(['serial', 'profile', 'reason', 'revokedAt'], {
    serial,
    profile: { enum: PROFILES },
    reason: { enum: REVOCATION_REASONS },
    revokedAt: instant,
  }),
  'login.succeeded': obj(['serial', 'fingerprintSha256', 'sourceIp', 'sessionExpiresAt'], {
    serial,
    fingerprintSha256: fingerprint,
    sourceIp: ip,
    sessionExpiresAt: instant,
  }),
  'login.failed': obj(['reason', 'sourceIp'], {
    serial,
    reason: { enum: PORTAL_REFUSAL_REASONS },
    sourceIp: ip,
    consecutiveFailures: { type: 'integer', minimum: 0 },
  }),
  logout: obj(['serial'], { serial, sourceIp: ip }),
  'access.granted': obj(['serial', 'sourceIp', 'channel', 'warnings'], {
    serial,
    sourceIp: ip,
    channel: { enum: ['portal', 'access-check', 'whoami', 'token'] },
    warnings: { type: 'array', items: { enum: ACCESS_WARNINGS } },
  }),
  'access.denied': obj(['sourceIp', 'channel', 'reason'], {
    serial,
    sourceIp: ip,
    channel: { enum: ['portal', 'access-check', 'whoami', 'token'] },
    reason: { enum: [...ACCESS_DENY_REASONS, 'NO_CLIENT_CERTIFICATE', 'NO_GRANT'] },
  }),
  'totp.enrolled': obj(['personId', 'serial'], { personId: id, serial }),
  'totp.reset': obj(['personId'], { personId: id }),
  'person.locked': obj(['personId', 'lockedUntil', 'consecutiveFailures'], {
    personId: id,
    serial,
    lockedUntil: instant,
    consecutiveFailures: { type: 'integer', minimum: 1 },
  }),
  'grant.changed': obj(['subject', 'role', 'change'], {
    subject: text,
    role: text,
    change: { enum: ['granted', 'withdrawn'] },
  }),
  'ip-registration.added': obj(['registrationId', 'serial', 'address', 'validFrom', 'registeredBy'], {
    registrationId: id,
    serial,
    address: ip,
    validFrom: instant,
    validUntil: nullable(instant),
    note: nullable({ type: 'string', maxLength: 512 }),
    registeredBy: text,
    inheritedFrom: nullable(id),
  }),
  'ip-registration.ended': obj(['registrationId', 'serial', 'address', 'endedAt'], {
    registrationId: id,
    serial,
    address: ip,
    endedAt: instant,
  }),
  'enforcement.changed': obj(['enforcedFrom', 'previousEnforcedFrom'], {
    enforcedFrom: nullable(instant),
    previousEnforcedFrom: nullable(instant),
  }),
  'api.refused': obj(['service', 'method', 'path', 'status', 'code'], {
    service: { enum: SERVICES },
    method: { type: 'string', maxLength: 16 },
    path: { type: 'string', maxLength: 2048 },
    status: { enum: [401, 403] },
    code: text,
    sourceIp: ip,
  }),
  'audit.read': obj(['kind', 'filters'], {
    kind: { enum: ['query', 'export', 'stream', 'verify'] },
    format: { enum: ['json', 'ndjson', 'csv', 'sse'] },
    filters: { type: 'object', additionalProperties: { type: 'string', maxLength: 512 } },
  }),
  'audit.checkpoint': obj(['sequence', 'hash', 'signature', 'keyId', 'algorithm'], {
    sequence: { type: 'integer', minimum: 0 },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    signature: { type: 'string', minLength: 1, maxLength: 1024 },
    keyId: text,
    algorithm: text,
  }),
};

export const ENVELOPE_SCHEMA: JsonSchema = obj(
  ['id', 'type', 'version', 'occurredAt', 'source', 'environment', 'subject', 'actor', 'outcome', 'refs', 'data'],
  {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    occurredAt: instant,
    source: { enum: SERVICES },
    environment: { enum: [...ENVIRONMENTS, null] },
    subject: { type: 'string', minLength: 1, maxLength: 2048 },
    actor: { type: 'string', pattern: ACTOR_PATTERN, maxLength: 256 },
    outcome: { enum: ['success', 'refused'] },
    refs: obj([], { personId: id, serial, organisationId: id }),
    data: { type: 'object' },
  },
);

const stateBase = { key: { type: 'string', minLength: 1, maxLength: 256 }, revision: { type: 'integer', minimum: 1 }, updatedAt: instant };
const registrationView = obj(['id', 'address', 'validFrom', 'validUntil'], {
  id,
  address: ip,
  validFrom: instant,
  validUntil: nullable(instant),
});

/** Schemas of the plain-JSON state values per state topic. */
export const STATE_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  [TOPICS.certificateStatus]: obj(['key', 'revision', 'updatedAt', 'serial', 'environment', 'profile', 'status', 'changedAt', 'notAfter'], {
    ...stateBase,
    serial,
    environment: { enum: ENVIRONMENTS },
    profile: { enum: PROFILES },
    personId: id,
    organisationId: id,
    systemName: text,
    fingerprintSha256: fingerprint,
    status: { enum: CERTIFICATE_STATUSES },
    blockCause: nullable({ enum: BLOCK_CAUSES }),
    revocationReason: nullable({ enum: REVOCATION_REASONS }),
    changedAt: instant,
    notAfter: instant,
  }),
  [TOPICS.ca]: obj(['key', 'revision', 'updatedAt', 'environment', 'issuingCaPem', 'rootCaPem', 'chainPem'], {
    ...stateBase,
    environment: { enum: ENVIRONMENTS },
    issuingCaPem: { type: 'string', pattern: '^-----BEGIN CERTIFICATE-----' },
    rootCaPem: { type: 'string', pattern: '^-----BEGIN CERTIFICATE-----' },
    chainPem: { type: 'string', pattern: '^-----BEGIN CERTIFICATE-----' },
  }),
  [TOPICS.tokenKeys]: obj(['key', 'revision', 'updatedAt', 'kid', 'jwk', 'status', 'createdAt'], {
    ...stateBase,
    kid: id,
    status: { enum: ['current', 'previous', 'retired'] },
    createdAt: instant,
    jwk: obj(['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use'], {
      kty: { const: 'EC' },
      crv: { const: 'P-256' },
      x: { type: 'string' },
      y: { type: 'string' },
      kid: id,
      alg: { const: 'ES256' },
      use: { const: 'sig' },
    }),
  }),
  [TOPICS.ipRegistrationState]: {
    oneOf: [
      obj(['key', 'revision', 'updatedAt', 'kind', 'serial', 'environment', 'registrations'], {
        ...stateBase,
        kind: { const: 'registrations' },
        serial,
        environment: { enum: ENVIRONMENTS },
        organisationId: id,
        registrations: { type: 'array', items: registrationView, maxItems: 10000 },
      }),
      obj(['key', 'revision', 'updatedAt', 'kind', 'environment', 'enforcedFrom'], {
        ...stateBase,
        kind: { const: 'enforcement' },
        environment: { enum: ENVIRONMENTS },
        enforcedFrom: nullable(instant),
      }),
    ],
  },
};
