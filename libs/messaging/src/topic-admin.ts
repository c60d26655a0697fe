import { allTopicNames, TOPIC_SPECS } from '@paspoort/contracts';
import type { Kafka, ITopicConfig } from 'kafkajs';

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

/** Creates every topic of the contract that does not exist yet (idempotent); returns the names it created. */
export async function ensureTopics(kafka: Kafka, prefix: string, partitions = 1): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicConfigs(prefix, partitions).filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
