import { dataSourceOptions } from '@paspoort/service-kit';
import { DataSource } from 'typeorm';
import { loadAuditConfig } from '../config/audit.config';
import { AUDIT_ENTITIES } from './entities';
import { AUDIT_MIGRATIONS } from './migrations';

/** For the TypeORM CLI (migration:generate / migration:run); the service itself migrates at start. */
const { common } = loadAuditConfig();
export default new DataSource(
  dataSourceOptions({
    url: common.database.url,
    schema: common.schema,
    poolSize: 2,
    entities: AUDIT_ENTITIES,
    migrations: AUDIT_MIGRATIONS,
  }),
);
