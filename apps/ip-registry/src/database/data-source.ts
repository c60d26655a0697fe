import { dataSourceOptions } from '@paspoort/service-kit';
import { DataSource } from 'typeorm';
import { loadIpRegistryConfig } from '../config/ip-registry.config';
import { IP_REGISTRY_ENTITIES } from './entities';
import { IP_REGISTRY_MIGRATIONS } from './migrations';

/** For the TypeORM CLI (migration:generate / migration:run); the service itself migrates at start. */
const { common } = loadIpRegistryConfig();
export default new DataSource(
  dataSourceOptions({
    url: common.database.url,
    schema: common.schema,
    poolSize: 2,
    entities: IP_REGISTRY_ENTITIES,
    migrations: IP_REGISTRY_MIGRATIONS,
  }),
);
