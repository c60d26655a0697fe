import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';

export interface DatabaseDefinition {
  url: string;
  schema: string;
  poolSize: number;
  entities: MixedList<Function | string | EntitySchema>;
  /** Listed explicitly, append-only; never a glob. */
  migrations: Function[];
}

export function dataSourceOptions(d: DatabaseDefinition): DataSourceOptions {
  return {
    type: 'postgres',
    url: d.url,
    schema: d.schema,
    entities: d.entities,
    migrations: d.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    // Fail fast when Postgres is away, so requests answer 503 instead of hanging.
    extra: { max: d.poolSize, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 },
  };
}

/**
 * Creates the schema and runs pending migrations under a Postgres advisory lock, so two instances starting
 * together cannot race.
 */
export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`paspoort:migrations:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) new Logger('Database').log(`applied ${applied.length} migration(s) to schema ${schema}`);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`paspoort:migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

export async function createMigratedDataSource(d: DatabaseDefinition): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(d));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource, d.schema);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
