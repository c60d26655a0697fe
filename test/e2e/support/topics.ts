import { ensureTopics, topicConfigs } from '@paspoort/messaging';
import { eventually, testKafka } from '@paspoort/testing';

/**
 * Creates every topic of the prefix before any service starts (as `npm run topics` does before `npm run up`) and
 * waits until the broker answers offset requests for each: right after creation a KRaft broker can still answer
 * NOT_LEADER_FOR_PARTITION for a moment (see the report on StateReader.start).
 */
export async function prepareTopics(prefix: string, brokers?: string[]): Promise<void> {
  const kafka = testKafka(brokers);
  await ensureTopics(kafka, prefix, 1);
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const { topic } of topicConfigs(prefix, 1)) {
      await eventually(async () => (await admin.fetchTopicOffsets(topic)).length > 0, { timeoutMs: 30000, intervalMs: 200 });
    }
  } finally {
    await admin.disconnect();
  }
}
