import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { freePort, ROOT, startBroker } from '../../../scripts/lib/kafka-broker';

/**
 * Jest global setup of the integration and e2e tiers: a private Kafka broker on free ports (so it never collides
 * with a platform from `npm run up`) and a check that Postgres answers. Each test file makes its own database.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const dir = join(ROOT, '.kafka', `test-${runId}`);
  rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const controllerPort = await freePort();
  const broker = await startBroker({ dir, port, controllerPort, heapMb: 512 });
  process.env.PASPOORT_TEST_BROKER_DIR = dir;
  process.env.KAFKA_BROKERS = `127.0.0.1:${broker.port}`;
  process.env.PASPOORT_TEST_RUN_ID = runId.replace(/-/g, '_');
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  await admin.end();
}

export function adminDatabaseUrl(): string {
  return process.env.PASPOORT_TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
