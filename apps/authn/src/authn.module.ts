import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@paspoort/auth';
import { PlatformModule } from '@paspoort/service-kit';
import { AccessController } from './access/access.controller';
import { AccessService } from './access/access.service';
import { PresentedCertificates } from './access/presented-certificates';
import { AUTHN_CLOCK, systemClock, type Clock } from './clock/clock';
import { AUTHN_CONFIG, loadAuthnConfig } from './config/authn.config';
import { AUTHN_ENTITIES } from './database/entities';
import { AUTHN_MIGRATIONS } from './database/migrations';
import { GrantsController } from './grants/grants.controller';
import { GrantsService } from './grants/grants.service';
import { LoginEvents } from './logins/login-events';
import { PortalLoginService } from './portal/portal-login.service';
import { AccessStateView } from './projections/access-state.view';
import { SessionsService } from './sessions/sessions.service';
import { SystemTokenService } from './system/system-token.service';
import { TlsListeners } from './tls/tls-listeners';
import { TokenKeysController } from './tokens/token-keys.controller';
import { TokenKeysService } from './tokens/token-keys.service';
import { TokenKeysStateSource } from './tokens/token-keys-state-source';
import { TokenSigner } from './tokens/token-signer.service';
import { TotpEnrollmentService } from './totp/totp-enrollment.service';
import { TotpResetController } from './totp/totp-reset.controller';

/** Composition root of the authn service. */
@Module({
  imports: [
    PlatformModule.forService({
      configToken: AUTHN_CONFIG,
      loadConfig: () => loadAuthnConfig(),
      entities: AUTHN_ENTITIES,
      migrations: AUTHN_MIGRATIONS,
    }),
    AuthModule,
  ],
  controllers: [AccessController, GrantsController, TokenKeysController, TotpResetController],
  providers: [
    { provide: AUTHN_CLOCK, useValue: systemClock },
    AccessStateView,
    PresentedCertificates,
    LoginEvents,
    AccessService,
    TokenKeysService,
    TokenKeysStateSource,
    TokenSigner,
    GrantsService,
    TotpEnrollmentService,
    SessionsService,
    PortalLoginService,
    SystemTokenService,
    TlsListeners,
  ],
})
export class AuthnModule {
  /** The same service on another clock (tests pin time instead of sleeping). */
  static withClock(clock: Clock): DynamicModule {
    return { module: AuthnModule, providers: [{ provide: AUTHN_CLOCK, useValue: clock }] };
  }
}
