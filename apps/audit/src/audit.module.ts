import { Module } from '@nestjs/common';
import { AuthModule } from '@paspoort/auth';
import { PlatformModule } from '@paspoort/service-kit';
import { AUDIT_CONFIG, loadAuditConfig, type AuditConfig } from './config/audit.config';
import { AUDIT_ENTITIES } from './database/entities';
import { AUDIT_MIGRATIONS } from './database/migrations';
import { LedgerIngestService } from './ledger/ledger-ingest.service';
import { LedgerMetrics } from './ledger/ledger-metrics';
import { LedgerSigner } from './ledger/ledger-signer';
import { LedgerWriter } from './ledger/ledger-writer';
import { AUDIT_CLOCK } from './ledger/ledger.tokens';
import { LedgerPageController } from './page/ledger-page.controller';
import { AuditController } from './query/audit.controller';
import { LedgerAccessService } from './query/ledger-access.service';
import { LedgerReader } from './query/ledger-reader';
import { LedgerVerifyService } from './verify/ledger-verify.service';
import { SigningKeysController } from './verify/signing-keys.controller';

/** Composition root of the audit service. */
@Module({
  imports: [
    PlatformModule.forService({
      configToken: AUDIT_CONFIG,
      loadConfig: () => loadAuditConfig(),
      entities: AUDIT_ENTITIES,
      migrations: AUDIT_MIGRATIONS,
    }),
    AuthModule,
  ],
  controllers: [AuditController, SigningKeysController, LedgerPageController],
  providers: [
    { provide: AUDIT_CLOCK, useValue: { now: () => new Date() } },
    {
      provide: LedgerSigner,
      useFactory: (c: AuditConfig) => new LedgerSigner(c.ledger.signingSeed, c.ledger.retiredPublicKeys),
      inject: [AUDIT_CONFIG],
    },
    LedgerMetrics,
    LedgerWriter,
    LedgerIngestService,
    LedgerReader,
    LedgerAccessService,
    LedgerVerifyService,
  ],
})
export class AuditModule {}
