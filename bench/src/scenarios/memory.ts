import { TOPICS, type CertificateStatusValue } from '@paspoort/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { sleep } from '../load';
import { prometheusValue } from '../platform';
import type { Results } from '../results';
import type { Scale } from '../scale';
import type { World } from '../world';
import { accessCheck } from './access';
import type { IssuedHolder } from './issuance';

function syntheticStatus(i: number, now: string): CertificateStatusValue {
  const serial = randomBytes(16).toString('hex').replace(/^0/, '1');
  return {
    key: serial,
    revision: 1,
    updatedAt: now,
    serial,
    environment: 'test',
    profile: 'system',
    status: 'active',
    changedAt: now,
    notAfter: new Date(Date.now() + 365 * 86400000).toISOString(),
    fingerprintSha256: randomBytes(32).toString('hex'),
    organisationId: String(10000000 + (i % 50000)),
    systemName: `bench-system-${i}`,
  } as CertificateStatusValue;
}

async function settledMemory(world: World, label: string): Promise<{ rss: number; heap: number }> {
  await sleep(1500);
  return { rss: world.rss(label), heap: (await prometheusValue(world.service(label).port, 'nodejs_heap_size_used_bytes')) / 1048576 };
}

/**
 * authn's memory per 100,000 certificates in its status projection: resident and heap growth of instance B after
 * loading that many status values, scaled to 100,000; a changed status of a known certificate, published last, marks
 * the moment the projection has read them all (one partition: in order).
 */
export async function projectionMemory(
  results: Results,
  scale: Scale,
  world: World,
  sentinel: { holder: IssuedHolder; sourceIp: string },
): Promise<void> {
  const label = 'authn-b';
  const before = await settledMemory(world, label);
  const kafka = new Kafka({ clientId: 'bench-memory', brokers: world.env.brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const now = new Date().toISOString();
  const topic = `${world.env.prefix}${TOPICS.certificateStatus}`;
  for (let i = 0; i < scale.projectionStatuses; i += 2000) {
    const messages = Array.from({ length: Math.min(2000, scale.projectionStatuses - i) }, (_, j) => {
      const value = syntheticStatus(i + j, now);
      return { key: value.key, value: JSON.stringify(value) };
    });
    await producer.send({ topic, acks: -1, messages });
  }
  const marker = {
    key: sentinel.holder.serial,
    revision: 1000,
    updatedAt: now,
    serial: sentinel.holder.serial,
    environment: 'test',
    profile: 'system',
    status: 'blocked',
    blockCause: 'administrative',
    changedAt: now,
    notAfter: new Date(Date.now() + 86400000).toISOString(),
    organisationId: sentinel.holder.organisationId,
  };
  await producer.send({ topic, acks: -1, messages: [{ key: marker.key, value: JSON.stringify(marker) }] });
  await producer.disconnect();
  const client = world.gatewayClient(label, 4);
  const until = Date.now() + 120000;
  while ((await accessCheck(client, sentinel)).reason !== 'CERTIFICATE_BLOCKED') {
    if (Date.now() > until) throw new Error('the status projection did not catch up within 120 s');
    await sleep(200);
  }
  client.close();
  const after = await settledMemory(world, label);
  const per100k = 100000 / scale.projectionStatuses;
  const parameters = {
    statuses: scale.projectionStatuses,
    rssBeforeMiB: before.rss,
    rssAfterMiB: after.rss,
    heapBeforeMiB: before.heap,
    heapAfterMiB: after.heap,
    instance: label,
  };
  results.add('authn memory per 100,000 certificate statuses (resident)', (after.rss - before.rss) * per100k, 'MiB', null, parameters);
  results.add('authn memory per 100,000 certificate statuses (JS heap)', (after.heap - before.heap) * per100k, 'MiB', null, parameters);
}

/** Resident memory of every running service process at the end of the run. */
export function serviceMemory(results: Results, world: World): void {
  for (const label of world.services.keys())
    results.add(`resident memory after the run: ${label}`, world.rss(label), 'MiB', null, { pid: world.service(label).child.pid });
}
