import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ENVIRONMENTS, type Environment } from '@paspoort/contracts';
import express, { type Router } from 'express';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { AccessService } from '../access/access.service';
import { PresentedCertificates } from '../access/presented-certificates';
import { AUTHN_CONFIG, type AuthnConfig } from '../config/authn.config';
import { LoginEvents } from '../logins/login-events';
import { PortalLoginService } from '../portal/portal-login.service';
import { portalRouter } from '../portal/portal.router';
import { AccessStateView } from '../projections/access-state.view';
import { SessionsService } from '../sessions/sessions.service';
import { SystemTokenService } from '../system/system-token.service';
import { systemRouter } from '../system/system.router';
import { TotpEnrollmentService } from '../totp/totp-enrollment.service';
import { errorEdge } from './http-edge';
import { acceptConnection } from './proxy-protocol';

export type ListenerKind = 'portal' | 'system';

interface Listener {
  environment: Environment;
  kind: ListenerKind;
  front: Server;
  tls: HttpsServer;
}

/**
 * One TLS listener per environment and kind (like separate hosts). The client certificate is requested but
 * judged in code (`rejectUnauthorized: false`), so every refusal gets its own code, answer and event.
 */
@Injectable()
export class TlsListeners implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(TlsListeners.name);
  private readonly listeners: Listener[] = [];

  constructor(
    @Inject(AUTHN_CONFIG) private readonly config: AuthnConfig,
    private readonly access: AccessService,
    private readonly certificates: PresentedCertificates,
    private readonly login: PortalLoginService,
    private readonly enrollments: TotpEnrollmentService,
    private readonly sessions: SessionsService,
    private readonly tokens: SystemTokenService,
    private readonly events: LoginEvents,
    private readonly view: AccessStateView,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.tls.enabled) return;
    const credentials = { key: readFileSync(this.config.tls.keyFile), cert: readFileSync(this.config.tls.certFile) };
    const auditUrl = `http://${this.config.common.host === '0.0.0.0' ? 'localhost' : this.config.common.host}:3004`;
    for (const environment of ENVIRONMENTS) {
      const portal = portalRouter(environment, {
        login: this.login,
        enrollments: this.enrollments,
        sessions: this.sessions,
        certificates: this.certificates,
        view: this.view,
        auditUrl,
      });
      const system = systemRouter(environment, {
        access: this.access,
        certificates: this.certificates,
        tokens: this.tokens,
        events: this.events,
      });
      await this.start(environment, 'portal', this.config.tls.portalPorts[environment], portal, credentials);
      await this.start(environment, 'system', this.config.tls.systemPorts[environment], system, credentials);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.listeners.map(
        (l) =>
          new Promise<void>((resolve) => {
            l.tls.closeAllConnections();
            l.front.close(() => resolve());
          }),
      ),
    );
  }

  /** The bound port of a listener (tests configure port 0). */
  port(environment: Environment, kind: ListenerKind): number {
    const listener = this.listeners.find((l) => l.environment === environment && l.kind === kind);
    return (listener?.front.address() as AddressInfo | null)?.port ?? 0;
  }

  private async start(
    environment: Environment,
    kind: ListenerKind,
    port: number,
    router: Router,
    credentials: { key: Buffer; cert: Buffer },
  ): Promise<void> {
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', false);
    app.use(router);
    app.use((_req, res) => void res.status(404).json({ error: { code: 'ROUTE_NOT_FOUND', message: 'no such route on this listener' } }));
    app.use(errorEdge);
    const tls = createHttpsServer({ ...credentials, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, app);
    const front = createNetServer((socket) => acceptConnection(socket, tls, this.config.tls.trustedLoadBalancers));
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(port, this.config.common.host, () => resolve());
    });
    this.listeners.push({ environment, kind, front, tls });
    this.log.log(`${kind} listener of ${environment} on https://${this.config.common.host}:${this.port(environment, kind)}`);
  }
}
