import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  createTestDatabase,
  serverCertificateFiles,
  serviceTestEnv,
  startTestService,
  TEST_BOOTSTRAP_TOKEN,
  uniqueTopicPrefix,
} from '@paspoort/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AuditModule } from '../../../apps/audit/src/audit.module';
import { AuthnModule } from '../../../apps/authn/src/authn.module';
import { TlsListeners } from '../../../apps/authn/src/tls/tls-listeners';
import { IpRegistryModule } from '../../../apps/ip-registry/src/ip-registry.module';
import { configureIssuerApp } from '../../../apps/issuer/src/issuer.bootstrap';
import { IssuerModule } from '../../../apps/issuer/src/issuer.module';
import { OffsetClock } from './offset-clock';
import { prepareTopics } from './topics';

export type ServiceName = 'issuer' | 'authn' | 'ip-registry' | 'audit';
export const SERVICES: ServiceName[] = ['issuer', 'authn', 'ip-registry', 'audit'];

export interface PlatformOptions {
  /** Brokers of a private broker (fault tests); the shared test broker otherwise. */
  brokers?: string[];
  /** Services to boot (all four by default), in this order. */
  services?: ServiceName[];
  /** Rewrites a service's database URL (e.g. through a TcpFaultProxy) before it boots. */
  databaseUrlOf?: (service: ServiceName, url: string) => string;
  /** Extra environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * The whole platform in this process: the four services as they are built (each with its own database and
 * secrets made at test time), one shared topic prefix, one broker. authn runs on a clock the test can move forward
 * (a TOTP step without sleeping); the others on the real clock.
 */
export class Platform {
  readonly clock = new OffsetClock();
  readonly apps = new Map<ServiceName, NestExpressApplication>();
  readonly extraAuthn: NestExpressApplication[] = [];
  private readonly tls = serverCertificateFiles();
  private readonly secrets: Record<ServiceName, Record<string, string>> = {
    issuer: { PASPOORT_CA_KEK: key() },
    authn: { PASPOORT_TOTP_KEK: key(), PASPOORT_TOKEN_KEK: key() },
    'ip-registry': {},
    audit: { PASPOORT_AUDIT_SIGNING_KEY: key(), PASPOORT_AUDIT_STREAM_POLL_MS: '100' },
  };

  private constructor(
    readonly prefix: string,
    readonly databaseUrls: Record<ServiceName, string>,
    private readonly options: PlatformOptions,
  ) {}

  static async start(options: PlatformOptions = {}): Promise<Platform> {
    const urls = {} as Record<ServiceName, string>;
    for (const service of SERVICES) urls[service] = (await createTestDatabase()).url;
    const platform = new Platform(uniqueTopicPrefix('e2e'), urls, options);
    await prepareTopics(platform.prefix, options.brokers);
    // One at a time: a service reads its configuration from process.env while it is created.
    for (const service of options.services ?? SERVICES) await platform.startService(service);
    return platform;
  }

  get bootstrap(): Record<string, string> {
    return { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` };
  }

  app(service: ServiceName): NestExpressApplication {
    const app = this.apps.get(service);
    if (!app) throw new Error(`${service} is not running`);
    return app;
  }

  http(service: ServiceName) {
    return request(this.app(service).getHttpServer());
  }

  env(service: ServiceName, extra: Record<string, string> = {}): Record<string, string> {
    const url = this.options.databaseUrlOf?.(service, this.databaseUrls[service]) ?? this.databaseUrls[service];
    const tls: Record<string, string> =
      service === 'authn'
        ? {
            PASPOORT_TLS_CERT_FILE: this.tls.certFile,
            PASPOORT_TLS_KEY_FILE: this.tls.keyFile,
            PASPOORT_PORTAL_PORTS: '0,0,0',
            PASPOORT_SYSTEM_PORTS: '0,0,0',
          }
        : {};
    return serviceTestEnv(
      { databaseUrl: url, topicPrefix: this.prefix, brokers: this.options.brokers },
      { ...this.secrets[service], ...tls, ...this.options.env?.[service], ...extra },
    );
  }

  /** Boots (or re-boots) one service as the platform's instance of it. */
  async startService(service: ServiceName, extra: Record<string, string> = {}): Promise<NestExpressApplication> {
    const app = await this.boot(service, extra);
    this.apps.set(service, app);
    return app;
  }

  /** Another authn instance beside the platform's (its TLS listeners off unless asked). */
  async startAuthnInstance(extra: Record<string, string> = { PASPOORT_TLS_LISTENERS: 'off' }): Promise<NestExpressApplication> {
    const app = await this.boot('authn', extra);
    this.extraAuthn.push(app);
    return app;
  }

  async stopService(service: ServiceName): Promise<void> {
    const app = this.apps.get(service);
    this.apps.delete(service);
    await app?.close();
  }

  port(kind: 'portal' | 'system', environment: 'test' | 'acceptance' | 'production' = 'test'): number {
    return this.app('authn').get(TlsListeners).port(environment, kind);
  }

  topic(name: string): string {
    return `${this.prefix}${name}`;
  }

  async close(): Promise<void> {
    for (const app of this.extraAuthn.splice(0)) await app.close().catch(() => undefined);
    for (const service of [...this.apps.keys()].reverse()) await this.stopService(service).catch(() => undefined);
    this.tls.dispose();
  }

  private async boot(service: ServiceName, extra: Record<string, string>): Promise<NestExpressApplication> {
    const module = this.moduleOf(service);
    @Module({ imports: [module] })
    class ServiceUnderTest {}
    return startTestService(ServiceUnderTest, this.env(service, extra), service === 'issuer' ? { configure: configureIssuerApp } : {});
  }

  private moduleOf(service: ServiceName): DynamicModule | Type<unknown> {
    switch (service) {
      case 'issuer':
        return IssuerModule;
      case 'authn':
        return AuthnModule.withClock(this.clock);
      case 'ip-registry':
        return IpRegistryModule;
      case 'audit':
        return AuditModule;
    }
  }
}

function key(): string {
  return randomBytes(32).toString('base64');
}
