import { dataSourceOptions } from '@paspoort/service-kit';
import { DataSource } from 'typeorm';
import { loadIssuerConfig } from '../config/issuer.config';
import { ISSUER_ENTITIES } from './entities';
import { ISSUER_MIGRATIONS } from './migrations';

/** For the TypeORM CLI (migration:generate / migration:run); the service itself migrates at start. */
const { common } = loadIssuerConfig();
export default new DataSource(
  dataSourceOptions({
    url: common.database.url,
    schema: common.schema,
    poolSize: 2,
    entities: ISSUER_ENTITIES,
    migrations: ISSUER_MIGRATIONS,
  }),
);
