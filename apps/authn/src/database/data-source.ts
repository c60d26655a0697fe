import { dataSourceOptions } from '@paspoort/service-kit';
import { DataSource } from 'typeorm';
import { loadAuthnConfig } from '../config/authn.config';
import { AUTHN_ENTITIES } from './entities';
import { AUTHN_MIGRATIONS } from './migrations';

/** For the TypeORM CLI (migration:generate / migration:run); the service itself migrates at start. */
const { common } = loadAuthnConfig();
export default new DataSource(
  dataSourceOptions({
    url: common.database.url,
    schema: common.schema,
    poolSize: 2,
    entities: AUTHN_ENTITIES,
    migrations: AUTHN_MIGRATIONS,
  }),
);
