import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allTopicNames,
  ContractViolation,
  EVENT_TOPIC,
  EVENT_TYPES,
  eventKey,
  parseEvent,
  parseStateValue,
  renderContractFiles,
  sampleEvent,
  TOPICS,
} from './index';

describe('event contract', () => {
  it.each(EVENT_TYPES)('ok/the sample %s validates and round-trips through JSON', (type) => {
    const event = sampleEvent(type);
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
  });

  it('ok/every event type has a topic of kind events', () => {
    for (const type of EVENT_TYPES) expect(allTopicNames()).toContain(EVENT_TOPIC[type]);
  });

  const bad: [string, unknown][] = [
    ['not JSON', '{oops'],
    ['an array', '[]'],
    ['unknown type', { ...sampleEvent('logout'), type: 'logout.later' }],
    ['missing refs', (({ refs, ...rest }) => rest)(sampleEvent('logout'))],
    ['bad id', { ...sampleEvent('logout'), id: 'not-a-uuid' }],
    ['bad instant', { ...sampleEvent('logout'), occurredAt: 'yesterday' }],
    ['bad actor', { ...sampleEvent('logout'), actor: 'root' }],
    ['bad outcome', { ...sampleEvent('logout'), outcome: 'maybe' }],
    ['unknown version', { ...sampleEvent('logout'), version: 2 }],
    ['bad data', { ...sampleEvent('certificate.revoked'), data: { ...sampleEvent('certificate.revoked').data, reason: 'removeFromCRL' } }],
    ['extra data field', { ...sampleEvent('logout'), data: { serial: 'ab', totpSecret: 'x' } }],
    ['upper-case serial', { ...sampleEvent('logout'), refs: { serial: 'ABCD' } }],
  ];
  it.each(bad)('fail/%s is a contract violation', (_, raw) => {
    expect(() => parseEvent(typeof raw === 'string' ? raw : JSON.stringify(raw))).toThrow(ContractViolation);
  });

  it('ok/keys follow the topic table', () => {
    expect(eventKey(sampleEvent('certificate.revoked'))).toBe('4f1c2a9be0d3a7c5');
    expect(eventKey(sampleEvent('person.locked'))).toBe('p-1');
    expect(eventKey(sampleEvent('api.refused'))).toBe('issuer');
    expect(eventKey(sampleEvent('audit.checkpoint'))).toBe('ledger');
    expect(eventKey(sampleEvent('enforcement.changed'))).toBe('enforcement:test');
  });

  it('ok/state values validate per topic and a wrong one is refused', () => {
    const status = {
      key: 'ab',
      revision: 1,
      updatedAt: '2026-11-29T12:00:00.000Z',
      serial: 'ab',
      environment: 'test',
      profile: 'system',
      status: 'active',
      changedAt: '2026-11-29T12:00:00.000Z',
      notAfter: '2027-11-29T12:00:00.000Z',
    };
    expect(parseStateValue(TOPICS.certificateStatus, JSON.stringify(status))).toEqual(status);
    expect(parseStateValue(`t1.${TOPICS.certificateStatus}`, status)).toEqual(status);
    expect(() => parseStateValue(TOPICS.certificateStatus, { ...status, status: 'suspended' })).toThrow(ContractViolation);
    expect(() => parseStateValue(TOPICS.certificateStatus, { ...status, revision: 0 })).toThrow(ContractViolation);
  });

  it('ok/the committed AsyncAPI document and JSON Schemas match the code (run npm run contracts:generate)', () => {
    for (const [file, text] of Object.entries(renderContractFiles())) {
      expect(readFileSync(join(__dirname, '..', file), 'utf8')).toBe(text);
    }
  });
});
