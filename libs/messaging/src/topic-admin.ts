import { allTopicNames, TOPIC_SPECS } from '@paspoort/contracts';
import type { Admin, Kafka, ITopicConfig } from 'kafkajs';

const EVENT_CONFIG = [
  { name: 'cleanup.policy', value: 'delete' },
  { name: 'retention.ms', value: '-1' },
  { name: 'retention.bytes', value: '-1' },
];
const STATE_CONFIG = [
  { name: 'cleanup.policy', value: 'compact' },
  { name: 'min.cleanable.dirty.ratio', value: '0.1' },
  { name: 'segment.ms', value: '3600000' },
];

/** The topic list with settings: event and DLQ topics keep everything, state topics are compacted. */
export function topicConfigs(prefix: string, partitions: number): ITopicConfig[] {
  const kindOf = new Map(TOPIC_SPECS.map((t) => [t.name as string, t.kind]));
  return allTopicNames().map((name) => ({
    topic: `${prefix}${name}`,
    numPartitions: partitions,
    replicationFactor: 1,
    configEntries: kindOf.get(name) === 'state' ? STATE_CONFIG : EVENT_CONFIG,
  }));
}

/**
 * Creates every topic of the contract that does not exist yet and waits until each has a leader (idempotent, safe
 * when several processes run it at once); returns the names it created.
 */
export async function ensureTopics(kafka: Kafka, prefix: string, partitions = 1, timeoutMs = 60000): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicConfigs(prefix, partitions).filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: false }).catch((error: { type?: string }) => {
        if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
      });
      await waitForLeaders(
        admin,
        missing.map((t) => t.topic),
        timeoutMs,
      );
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

/** Polls metadata until every partition of the topics has a leader (a busy broker can take a while). */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.length === topics.length && metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        return;
    } catch (error) {
      if (Date.now() > until) throw error;
    }
    if (Date.now() > until) throw new Error(`topics without a leader after ${timeoutMs} ms: ${topics.slice(0, 3).join(', ')}…`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
