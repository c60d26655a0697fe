import 'reflect-metadata';
import { createMigratedDataSource } from '@paspoort/service-kit';
import { initialiseCaHierarchy, loadCaHierarchy } from '../ca/ca-initialiser';
import { loadIssuerConfig } from '../config/issuer.config';
import { ISSUER_ENTITIES } from '../database/entities';
import { ISSUER_MIGRATIONS } from '../database/migrations';

/**
 * `npm run ca:init`: migrates the issuer schema and creates whatever part of the CA hierarchy is missing (or imports
 * it from PASPOORT_CA_IMPORT_DIR), then proves the stored keys decrypt with PASPOORT_CA_KEK. Idempotent.
 * The new chains reach paspoort.ca.v1 through the outbox when the issuer runs.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const config = loadIssuerConfig(env);
    const dataSource = await createMigratedDataSource({
      url: config.common.database.url,
      schema: config.common.schema,
      poolSize: 2,
      entities: ISSUER_ENTITIES,
      migrations: ISSUER_MIGRATIONS,
    });
    try {
      const { created } = await initialiseCaHierarchy(dataSource, config);
      await loadCaHierarchy(dataSource, config);
      process.stdout.write(created.length > 0 ? `CA hierarchy: created ${created.join(', ')}\n` : 'CA hierarchy: already initialised\n');
      return 0;
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    process.stderr.write(`ca:init: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
