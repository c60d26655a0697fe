import { EVENT_TOPIC, EVENT_TOPICS, eventKey, sampleEvent, TOPICS } from '@paspoort/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sleep } from '../load';
import type { BenchDatabase } from '../platform';
import type { Limit, Results } from '../results';
import type { Scale } from '../scale';
import type { World } from '../world';

/** Events waiting in the ledger's topics: the sum of their end offsets (single-partition topics, nothing deleted). */
async function eventsInTopics(kafka: Kafka, prefix: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of EVENT_TOPICS.filter((t) => t !== TOPICS.auditCheckpoints)) {
      const offsets = await admin.fetchTopicOffsets(`${prefix}${topic}`);
      total += offsets.reduce((sum, o) => sum + Number(o.high), 0);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}

/** Synthetic `access.granted` events, as authn's relay would publish them, in batches. */
async function publishEvents(kafka: Kafka, prefix: string, count: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < count; i += 1000) {
      const messages = Array.from({ length: Math.min(1000, count - i) }, (_, j) => {
        const event = sampleEvent('access.granted', { id: randomUUID(), subject: `bench-${i + j}` });
        return { key: eventKey(event), value: JSON.stringify(event) };
      });
      await producer.send({ topic: `${prefix}${EVENT_TOPIC['access.granted']}`, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

const ledgerCount = async (db: BenchDatabase) =>
  Number((await db.query<{ n: string }>(`SELECT coalesce(max(sequence), 0) AS n FROM "audit".ledger`))[0].n);

/**
 * Audit ingest: the audit service starts late, in front of a backlog (every event of the run so far plus synthetic
 * ones), and drains it into the hash-chained ledger; the rate is the ledger's growth while it drains, and the lag is
 * what is still in the topics at the end of the window.
 */
export async function auditIngest(results: Results, insertLimit: Limit, scale: Scale, world: World, db: BenchDatabase): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-audit', brokers: world.env.brokers.split(','), logLevel: logLevel.NOTHING });
  await publishEvents(kafka, world.env.prefix, scale.auditEvents);
  const backlog = await eventsInTopics(kafka, world.env.prefix);
  let readyMs = NaN;
  const starting = world.start([{ name: 'audit' }]).then((ms) => (readyMs = ms));
  const samples: { at: number; count: number }[] = [];
  const until = performance.now() + (scale.auditSeconds + 60) * 1000;
  let count = 0;
  let firstAt = 0;
  // The ledger is sampled from the moment the process starts (ingest may begin before /health/ready).
  while (performance.now() < until && count < backlog && (firstAt === 0 || performance.now() - firstAt < scale.auditSeconds * 1000)) {
    count = await ledgerCount(db).catch(() => 0);
    samples.push({ at: performance.now(), count });
    if (count > 0 && firstAt === 0) firstAt = performance.now();
    await sleep(50);
  }
  await starting;
  const lag = (await eventsInTopics(kafka, world.env.prefix)) - (await ledgerCount(db));
  const firstMoving = samples.findIndex((s) => s.count > 0);
  const moving = samples.slice(Math.max(0, firstMoving - 1));
  const first = moving[0];
  const last = moving[moving.length - 1];
  const rate = first && last && last.at > first.at ? (last.count - first.count) / ((last.at - first.at) / 1000) : NaN;
  results.add('audit ingest (Kafka → hash-chained ledger)', rate, 'event/s', insertLimit, {
    backlog,
    ingested: last?.count ?? 0,
    windowSeconds: first && last ? Math.round((last.at - first.at) / 100) / 10 : 0,
    auditReadyMs: Math.round(readyMs),
    ledgerIndexes: 'ledger has 7 secondary indexes + a unique event id; the INSERT limit table has only its primary key',
  });
  results.add('audit consumer lag at end of window', lag, 'events', null, { backlog, windowSeconds: scale.auditSeconds });
}
