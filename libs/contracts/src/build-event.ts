import { randomUUID } from 'node:crypto';
import type { Environment, ServiceName } from './codes';
import { TOPICS } from './topics';
import { EVENT_TOPIC, EVENT_VERSION, type EventDataMap, type EventEnvelope, type EventRefs, type EventType } from './events';

export interface EventDraft<T extends EventType> {
  type: T;
  source: ServiceName;
  environment: Environment | null;
  subject: string;
  actor: string;
  outcome?: 'success' | 'refused';
  refs?: EventRefs;
  data: EventDataMap[T];
  /** Defaults to now; pass the service's clock for deterministic tests. */
  occurredAt?: Date;
  id?: string;
}

/** Builds a complete envelope; `refs` drop undefined members so the JSON stays canonical. */
export function buildEvent<T extends EventType>(draft: EventDraft<T>): EventEnvelope<T> {
  const refs: EventRefs = {};
  for (const key of ['personId', 'serial', 'organisationId'] as const) {
    const value = draft.refs?.[key];
    if (value !== undefined && value !== null) refs[key] = value;
  }
  return {
    id: draft.id ?? randomUUID(),
    type: draft.type,
    version: EVENT_VERSION,
    occurredAt: (draft.occurredAt ?? new Date()).toISOString(),
    source: draft.source,
    environment: draft.environment,
    subject: draft.subject,
    actor: draft.actor,
    outcome: draft.outcome ?? 'success',
    refs,
    data: draft.data,
  };
}

/** The Kafka key of an event on its topic, as DESIGN.md's topic table says. */
export function eventKey(event: EventEnvelope): string {
  switch (EVENT_TOPIC[event.type]) {
    case TOPICS.logins:
      return event.refs.personId ?? event.refs.serial ?? event.subject;
    case TOPICS.apiAccess:
      return event.source;
    case TOPICS.auditCheckpoints:
      return 'ledger';
    case TOPICS.ipRegistrations:
      return event.type === 'enforcement.changed' ? `enforcement:${event.environment ?? 'unknown'}` : (event.refs.serial ?? event.subject);
    default:
      return event.refs.serial ?? event.subject;
  }
}
