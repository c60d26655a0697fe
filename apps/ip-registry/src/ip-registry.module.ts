import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@paspoort/auth';
import { PlatformModule } from '@paspoort/service-kit';
import { CertificateDirectory } from './certificates/certificate-directory';
import { ManagedCertificates } from './certificates/managed-certificates';
import { IPREGISTRY_CLOCK, systemClock, type Clock } from './clock/clock';
import { IPREGISTRY_CONFIG, loadIpRegistryConfig } from './config/ip-registry.config';
import { IP_REGISTRY_ENTITIES } from './database/entities';
import { IP_REGISTRY_MIGRATIONS } from './database/migrations';
import { EnforcementController } from './enforcement/enforcement.controller';
import { EnforcementService } from './enforcement/enforcement.service';
import { IpAccessController } from './registrations/ip-access.controller';
import { IpAccessService } from './registrations/ip-access.service';
import { IpRegistrationRepository } from './registrations/ip-registration.repository';
import { IpRegistrationsController } from './registrations/ip-registrations.controller';
import { IpRegistrationsService } from './registrations/ip-registrations.service';
import { RegistrationWriter } from './registrations/registration-writer';
import { RenewalConsumer } from './renewal/renewal.consumer';
import { RenewalService } from './renewal/renewal.service';
import { IpRegistryStateSources } from './state-topics/ip-registry-state-sources';

/** Composition root of the ip-registry service. */
@Module({
  imports: [
    PlatformModule.forService({
      configToken: IPREGISTRY_CONFIG,
      loadConfig: () => loadIpRegistryConfig(),
      entities: IP_REGISTRY_ENTITIES,
      migrations: IP_REGISTRY_MIGRATIONS,
    }),
    AuthModule,
  ],
  controllers: [IpRegistrationsController, IpAccessController, EnforcementController, RenewalConsumer],
  providers: [
    { provide: IPREGISTRY_CLOCK, useValue: systemClock },
    CertificateDirectory,
    ManagedCertificates,
    IpRegistrationRepository,
    RegistrationWriter,
    IpRegistrationsService,
    IpAccessService,
    EnforcementService,
    RenewalService,
    IpRegistryStateSources,
  ],
})
export class IpRegistryModule {
  /** The same service on another clock (tests pin time instead of sleeping). */
  static withClock(clock: Clock): DynamicModule {
    return { module: IpRegistryModule, providers: [{ provide: IPREGISTRY_CLOCK, useValue: clock }] };
  }
}
