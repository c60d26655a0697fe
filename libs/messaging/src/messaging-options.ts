import type { ServiceName } from '@paspoort/contracts';

/** Everything libs/messaging needs from a service's validated config. */
export interface MessagingOptions {
  service: ServiceName;
  /** The service's own Postgres schema (outbox, inbox and migrations live there). */
  schema: string;
  brokers: string[];
  /** Prepended to every contract topic name; empty in production, unique per test run or benchmark. */
  topicPrefix: string;
  partitions: number;
  /** Distinguishes instances of one service (client ids, state-reader groups). */
  instanceId: string;
  /** A state view older than this counts as stale (default 10 s). */
  freshnessLimitMs: number;
  /**
   * How often the relay leader checks, besides at start and after a failure, whether the broker lost a state topic
   * this service owns (default 60 s), so an idle service restores it too.
   */
  stateCheckIntervalMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function topicName(options: Pick<MessagingOptions, 'topicPrefix'>, topic: string): string {
  return `${options.topicPrefix}${topic}`;
}

/** The contract topic of a (possibly prefixed) physical topic name. */
export function contractTopic(options: Pick<MessagingOptions, 'topicPrefix'>, physical: string): string {
  return options.topicPrefix && physical.startsWith(options.topicPrefix) ? physical.slice(options.topicPrefix.length) : physical;
}
