import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@paspoort/auth';
import { randomSerialGenerator, type Clock, type SerialGenerator } from '@paspoort/pki';
import { PlatformModule } from '@paspoort/service-kit';
import { AutoBlockService } from './auto-block/auto-block.service';
import { PersonLockedConsumer } from './auto-block/person-locked.consumer';
import { CaController } from './ca/ca.controller';
import { caHierarchyProvider } from './ca/ca.providers';
import { CertificateQueries } from './certificates/certificate-queries.service';
import { CertificateRepository } from './certificates/certificate.repository';
import { CertificatesController } from './certificates/certificates.controller';
import { IssuanceService, SERIAL_GENERATOR } from './certificates/issuance.service';
import { LifecycleService } from './certificates/lifecycle.service';
import { ISSUER_CLOCK, systemClock } from './clock/issuer-clock';
import { ISSUER_CONFIG, loadIssuerConfig } from './config/issuer.config';
import { CrlScheduler } from './crl/crl-scheduler';
import { CrlController } from './crl/crl.controller';
import { CrlService } from './crl/crl.service';
import { ISSUER_ENTITIES } from './database/entities';
import { ISSUER_MIGRATIONS } from './database/migrations';
import { OcspController } from './ocsp/ocsp.controller';
import { OcspService } from './ocsp/ocsp.service';
import { IssuerStateSources } from './state-topics/issuer-state-sources';

/** Composition root of the issuer service. */
@Module({
  imports: [
    PlatformModule.forService({
      configToken: ISSUER_CONFIG,
      loadConfig: () => loadIssuerConfig(),
      entities: ISSUER_ENTITIES,
      migrations: ISSUER_MIGRATIONS,
    }),
    AuthModule,
  ],
  controllers: [CertificatesController, CaController, CrlController, OcspController, PersonLockedConsumer],
  providers: [
    { provide: ISSUER_CLOCK, useValue: systemClock },
    { provide: SERIAL_GENERATOR, useValue: randomSerialGenerator },
    caHierarchyProvider,
    CertificateRepository,
    IssuanceService,
    LifecycleService,
    CertificateQueries,
    CrlService,
    CrlScheduler,
    OcspService,
    AutoBlockService,
    IssuerStateSources,
  ],
})
export class IssuerModule {
  /** The same service with its clock and serial generator pinned (tests). */
  static with(overrides: { clock?: Clock; serials?: SerialGenerator }): DynamicModule {
    const providers = [];
    if (overrides.clock) providers.push({ provide: ISSUER_CLOCK, useValue: overrides.clock });
    if (overrides.serials) providers.push({ provide: SERIAL_GENERATOR, useValue: overrides.serials });
    return { module: IssuerModule, providers };
  }
}
