import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { stopBroker } from '../../../scripts/lib/kafka-broker';
import { adminDatabaseUrl } from './global-setup';

/** Stops the private broker, removes its data and drops every database this run created. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.PASPOORT_TEST_BROKER_DIR;
  if (dir) {
    await stopBroker({ dir, graceMs: 5000 });
    rmSync(dir, { recursive: true, force: true });
  }
  const runId = process.env.PASPOORT_TEST_RUN_ID;
  if (!runId) return;
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `paspoort_t_${runId}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
