import { generateAsyncApi } from './asyncapi';
import { EVENT_TYPES } from './events';
import { ENVELOPE_SCHEMA, EVENT_DATA_SCHEMAS, STATE_SCHEMAS } from './schemas';

/** Every generated contract file (path relative to libs/contracts → text); committed and checked for drift. */
export function renderContractFiles(): Record<string, string> {
  const files: Record<string, string> = { 'asyncapi.yaml': generateAsyncApi() };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  files['schemas/envelope.schema.json'] = json(ENVELOPE_SCHEMA);
  for (const type of EVENT_TYPES) files[`schemas/events/${type}.schema.json`] = json(EVENT_DATA_SCHEMAS[type]);
  for (const [topic, schema] of Object.entries(STATE_SCHEMAS)) files[`schemas/state/${topic}.schema.json`] = json(schema);
  return files;
}
