import { parseEvent, TOPICS, type EventEnvelope } from '@paspoort/contracts';
import { createKafka, topicName, type MessagingOptions } from '@paspoort/messaging';
import { randomUUID } from 'node:crypto';
import type { Checkpoint } from './chain-walk';

/**
 * Reads every checkpoint the audit service has published (the copy held outside its database), from the beginning
 * of the checkpoint topic up to its current end. Messages that are not valid checkpoints are skipped: a forged one
 * would fail its signature check anyway.
 */
export async function readPublishedCheckpoints(options: MessagingOptions, timeoutMs = 30000): Promise<Checkpoint[]> {
  const kafka = createKafka(options, `verify-${randomUUID().slice(0, 8)}`);
  const topic = topicName(options, TOPICS.auditCheckpoints);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `paspoort-audit-verify-${randomUUID()}`;
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
    if (remaining.size === 0) return [];
    const checkpoints: Checkpoint[] = [];
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10000 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out reading the checkpoint topic')), timeoutMs);
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              const checkpoint = toCheckpoint(message.value);
              if (checkpoint) checkpoints.push(checkpoint);
              const end = remaining.get(partition);
              if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    return checkpoints;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

function toCheckpoint(value: Buffer | null): Checkpoint | undefined {
  try {
    const event = parseEvent(value ?? '') as EventEnvelope<'audit.checkpoint'>;
    if (event.type !== 'audit.checkpoint' || event.source !== 'audit') return undefined;
    const { sequence, hash, signature, keyId } = event.data;
    return { sequence, hash, signature, keyId, origin: 'topic' };
  } catch {
    return undefined;
  }
}
