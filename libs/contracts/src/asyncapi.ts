import { stringify } from 'yaml';
import { EVENT_TOPIC, EVENT_TYPES } from './events';
import { ENVELOPE_SCHEMA, EVENT_DATA_SCHEMAS, STATE_SCHEMAS } from './schemas';
import { TOPIC_SPECS, dlqTopic } from './topics';

/** Generates the AsyncAPI 3.0 document of every topic from the code; committed as libs/contracts/asyncapi.yaml. */
export function generateAsyncApi(): string {
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const spec of TOPIC_SPECS) {
    const channelMessages: Record<string, unknown> = {};
    if (spec.kind === 'events') {
      for (const type of EVENT_TYPES.filter((t) => EVENT_TOPIC[t] === spec.name)) {
        const name = type.replace(/[^a-zA-Z0-9]/g, '_');
        messages[name] = {
          name: type,
          payload: { allOf: [ENVELOPE_SCHEMA, { type: 'object', properties: { type: { const: type }, data: EVENT_DATA_SCHEMAS[type] } }] },
        };
        channelMessages[name] = { $ref: `#/components/messages/${name}` };
      }
    } else {
      const name = `${spec.name.replace(/[^a-zA-Z0-9]/g, '_')}_state`;
      messages[name] = { name: `${spec.name} state value`, payload: STATE_SCHEMAS[spec.name] };
      channelMessages[name] = { $ref: `#/components/messages/${name}` };
    }
    channels[spec.name] = {
      address: spec.name,
      description: `${spec.description}. Key: ${spec.key}. ${spec.kind === 'events' ? 'Event topic, retention.ms=-1.' : 'State topic, cleanup.policy=compact; highest revision per key wins.'}`,
      messages: channelMessages,
    };
    if (spec.consumed) {
      channels[dlqTopic(spec.name)] = {
        address: dlqTopic(spec.name),
        description: `Messages of ${spec.name} a consumer could not accept; headers carry the reason and the consumer.`,
      };
    }
  }
  return stringify(
    {
      asyncapi: '3.0.0',
      info: {
        title: 'Paspoort events',
        version: '1.0.0',
        description: 'Public event and state topics of Paspoort (generated from libs/contracts; do not edit).',
      },
      channels,
      components: { messages },
    },
    { lineWidth: 0 },
  );
}
