import { Module } from '@nestjs/common';
import { AuthModule } from '@paspoort/auth';
import { PlatformModule } from '@paspoort/service-kit';
import { AUDIT_CONFIG, loadAuditConfig } from './config/audit.config';
import { AUDIT_ENTITIES } from './database/entities';
import { AUDIT_MIGRATIONS } from './database/migrations';

/** Composition root of the audit service. */
@Module({
  imports: [
    PlatformModule.forService({ configToken: AUDIT_CONFIG, loadConfig: () => loadAuditConfig(), entities: AUDIT_ENTITIES, migrations: AUDIT_MIGRATIONS }),
    AuthModule,
  ],
})
export class AuditModule {}
