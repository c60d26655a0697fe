import * as fc from 'fast-check';
import {
  ContractViolation,
  EVENT_TYPES,
  parseEvent,
  parseStateValue,
  sampleEvent,
  STATE_TOPICS,
  TOPICS,
  type EventType,
} from '@paspoort/contracts';
import { expectOnly, fuzzParameters } from './support/fuzz-runs';
import { mutatedText } from './support/mutations';
import { hostileJson, mutatedJson } from './support/json-mutations';

/** A Kafka message is parsed by every consumer: whatever a producer (or an attacker with topic access) writes. */
const isViolation = (error: unknown) => error instanceof ContractViolation;
const now = '2026-01-01T00:00:00.000Z';
const SAMPLE_STATE: Record<string, unknown> = {
  [TOPICS.certificateStatus]: {
    key: '0a1b',
    revision: 1,
    updatedAt: now,
    serial: '0a1b',
    environment: 'test',
    profile: 'system',
    organisationId: '12345678',
    systemName: 'kassa',
    fingerprintSha256: 'ab'.repeat(32),
    status: 'active',
    changedAt: now,
    notAfter: now,
  },
  [TOPICS.ipRegistrationState]: {
    key: '0a1b',
    revision: 2,
    updatedAt: now,
    kind: 'registrations',
    serial: '0a1b',
    environment: 'test',
    registrations: [{ id: 'r-1', address: '10.0.0.0/8', validFrom: now, validUntil: null }],
  },
};

describe('fuzz: event and state messages are a value or a ContractViolation, never another error', () => {
  const types = EVENT_TYPES as readonly EventType[];

  it('ok/every sample event parses (the base the mutations start from)', () => {
    for (const type of types) expect(parseEvent(JSON.stringify(sampleEvent(type))).type).toBe(type);
    for (const [topic, value] of Object.entries(SAMPLE_STATE)) expect(parseStateValue(topic, value)).toEqual(value);
  });

  it('fail/arbitrary JSON, text and bytes as an event', () => {
    const raw = fc.oneof(
      hostileJson,
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    );
    fc.assert(
      fc.property(raw, (message) => void expectOnly(() => parseEvent(message), isViolation)),
      fuzzParameters(),
    );
  });

  it('fail/mutated sample events (fields replaced by hostile JSON, removed, added), as objects and as text', () => {
    const mutatedEvent = fc.constantFrom(...types).chain((type) => mutatedJson(sampleEvent(type)));
    fc.assert(
      fc.property(mutatedEvent, (event) => {
        const parsed = expectOnly(() => parseEvent(event), isViolation).value;
        if (parsed) expect(parsed).toBe(event); // validated in place, nothing merged into other objects
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expectOnly(() => parseEvent(JSON.stringify(event)), isViolation);
      }),
      fuzzParameters(),
    );
  });

  it('fail/byte-level damage to serialised sample events', () => {
    const text = fc.constantFrom(...types).chain((type) => mutatedText(JSON.stringify(sampleEvent(type))));
    fc.assert(
      fc.property(text, (message) => void expectOnly(() => parseEvent(Buffer.from(message)), isViolation)),
      fuzzParameters(),
    );
  });

  it('fail/arbitrary and mutated state values on every state topic (with and without a deployment prefix)', () => {
    const topic = fc.oneof(
      fc.constantFrom(...STATE_TOPICS),
      fc.constantFrom(...STATE_TOPICS).map((t) => `fuzz-1.${t}`),
      fc.string({ maxLength: 40 }),
    );
    const value = fc.oneof(hostileJson, fc.constantFrom(...Object.values(SAMPLE_STATE)).chain(mutatedJson), fc.string({ maxLength: 200 }));
    fc.assert(
      fc.property(topic, value, (t, v) => void expectOnly(() => parseStateValue(t, v), isViolation)),
      fuzzParameters(),
    );
  });

  it('fail/deeply nested JSON text (100k levels) is refused, not a stack overflow', () => {
    const deep = '{"data":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    expect(expectOnly(() => parseEvent(deep), isViolation).error).toBeInstanceOf(ContractViolation);
    expect(expectOnly(() => parseStateValue(TOPICS.certificateStatus, deep), isViolation).error).toBeInstanceOf(ContractViolation);
  });
});
