import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_VERSION, EVENT_TYPES, type EventEnvelope, type EventType } from './events';
import { ENVELOPE_SCHEMA, EVENT_DATA_SCHEMAS, STATE_SCHEMAS } from './schemas';
import type { StateValueBase } from './state';

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
addFormats(ajv);

const envelopeValidator = ajv.compile(ENVELOPE_SCHEMA);
const dataValidators = new Map<string, ValidateFunction>(EVENT_TYPES.map((type) => [type, ajv.compile(EVENT_DATA_SCHEMAS[type])]));
const stateValidators = new Map<string, ValidateFunction>(
  Object.entries(STATE_SCHEMAS).map(([topic, schema]) => [topic, ajv.compile(schema)]),
);

/** Why a message was refused; the consumer sends it to the DLQ with this text. */
export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

function describe(v: ValidateFunction): string {
  const e = v.errors?.[0];
  return e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'is invalid';
}

/** Parses and validates one event; throws ContractViolation on anything that is not a known, valid event. */
export function parseEvent(raw: unknown): EventEnvelope {
  const value = typeof raw === 'string' || Buffer.isBuffer(raw) ? parseJson(raw.toString()) : raw;
  if (!envelopeValidator(value)) throw new ContractViolation(`envelope ${describe(envelopeValidator)}`);
  const envelope = value as EventEnvelope;
  const dataValidator = dataValidators.get(envelope.type);
  if (!dataValidator) throw new ContractViolation(`unknown event type ${JSON.stringify(envelope.type).slice(0, 80)}`);
  if (envelope.version !== EVENT_VERSION) throw new ContractViolation(`unsupported version ${envelope.version} of ${envelope.type}`);
  if (!dataValidator(envelope.data)) throw new ContractViolation(`${envelope.type} data ${describe(dataValidator)}`);
  return envelope;
}

/** Validates an event before it is written (the outbox refuses to store an invalid event). */
export function assertValidEvent<T extends EventType>(event: EventEnvelope<T>): EventEnvelope<T> {
  parseEvent(event);
  return event;
}

/** Parses and validates one state value of a state topic. */
export function parseStateValue<T extends StateValueBase>(topic: string, raw: unknown): T {
  const validator = stateValidators.get(baseTopic(topic));
  if (!validator) throw new ContractViolation(`no state schema for topic ${topic}`);
  const value = typeof raw === 'string' || Buffer.isBuffer(raw) ? parseJson(raw.toString()) : raw;
  if (!validator(value)) throw new ContractViolation(`state value ${describe(validator)}`);
  return value as T;
}

/** Strips a deployment topic prefix (tests and benchmarks run with one) to find the contract topic. */
function baseTopic(topic: string): string {
  const at = topic.indexOf('paspoort.');
  return at > 0 ? topic.slice(at) : topic;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ContractViolation('message is not valid JSON');
  }
}
