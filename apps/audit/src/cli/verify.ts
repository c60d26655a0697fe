import 'reflect-metadata';
import { messagingOptionsFrom, dataSourceOptions } from '@paspoort/service-kit';
import { DataSource } from 'typeorm';
import { loadAuditConfig } from '../config/audit.config';
import { LedgerSigner } from '../ledger/ledger-signer';
import { readPublishedCheckpoints } from '../verify/checkpoint-topic';
import { verifyLedger } from '../verify/verify-ledger';

/**
 * `npm run audit:verify`: walks the ledger and every checkpoint (database and checkpoint topic) with the service's
 * configuration, prints the report as JSON and exits 1 unless it is ok. `--database-only` skips the topic.
 */
async function main(): Promise<number> {
  const config = loadAuditConfig();
  const signer = new LedgerSigner(config.ledger.signingSeed, config.ledger.retiredPublicKeys);
  const dataSource = new DataSource(
    dataSourceOptions({ url: config.common.database.url, schema: config.common.schema, poolSize: 2, entities: [], migrations: [] }),
  );
  await dataSource.initialize();
  try {
    const external = process.argv.includes('--database-only') ? [] : await readPublishedCheckpoints(messagingOptionsFrom(config.common));
    const report = await verifyLedger(dataSource, { schema: config.common.schema, signer, externalCheckpoints: external });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(2);
  },
);
