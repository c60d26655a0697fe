import { TOPICS } from '@paspoort/contracts';
import { serverCertificateFiles, TestPublisher, TestTokenIssuer } from '@paspoort/testing';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { JsonClient } from './http-client';
import {
  residentMiB,
  runSecrets,
  spawnService,
  stopService,
  waitReady,
  type PlatformEnv,
  type Runtime,
  type ServiceName,
  type ServiceProcess,
} from './platform';

export const uniquePrefix = (label: string) => `${label}${randomBytes(4).toString('hex')}.`;

/**
 * The platform under benchmark: every service a separate process (its own event loop), against the run's own
 * database and topic prefix; authn twice (instance A and B) for the propagation measurement.
 */
export class World {
  readonly services = new Map<string, ServiceProcess>();
  private ownPublisher?: TestPublisher;
  private tokens?: TestTokenIssuer;
  gatewayToken = '';

  constructor(readonly env: PlatformEnv) {}

  /** Publishes state values as another service would (made on first use). */
  get publisher(): TestPublisher {
    this.ownPublisher ??= new TestPublisher(this.env.prefix, this.env.brokers.split(','));
    return this.ownPublisher;
  }

  static platformEnv(databaseUrl: string, brokers: string, runtime: Runtime): PlatformEnv {
    return { databaseUrl, brokers, prefix: uniquePrefix('bench'), secrets: runSecrets(), tls: serverCertificateFiles(), runtime };
  }

  /** Starts the named services at once and waits until all are ready; returns the milliseconds that took. */
  async start(list: { name: ServiceName; label?: string }[]): Promise<number> {
    const t0 = performance.now();
    const started = await Promise.all(list.map((s) => spawnService(s.name, this.env, s.label ?? s.name)));
    for (const s of started) this.services.set(s.label, s);
    await Promise.all(started.map((s) => waitReady(s)));
    return performance.now() - t0;
  }

  /** A gateway token signed with a key published on the token-keys topic, verified per request as in production. */
  async prepareGatewayToken(): Promise<void> {
    await this.publisher.ensureTopics();
    this.tokens = await TestTokenIssuer.create();
    await this.tokens.publish(this.publisher);
    const gateway = randomBytes(16).toString('hex');
    this.gatewayToken = await this.tokens.token({ sub: `system:${gateway}`, env: 'test', roles: ['gateway'], expiresInSeconds: 3600 });
  }

  get bootstrapToken(): string {
    return this.env.secrets.PASPOORT_BOOTSTRAP_TOKEN;
  }

  service(label: string): ServiceProcess {
    const s = this.services.get(label);
    if (!s) throw new Error(`service ${label} is not running`);
    return s;
  }

  /** An operator-capable client (the bootstrap token: first setup and automation). */
  operatorClient(label: string, maxSockets = 64): JsonClient {
    return new JsonClient(this.service(label).port, this.bootstrapToken, maxSockets);
  }

  gatewayClient(label: string, maxSockets = 64): JsonClient {
    return new JsonClient(this.service(label).port, this.gatewayToken, maxSockets);
  }

  rss(label: string): number {
    return residentMiB(this.service(label).child.pid);
  }

  topic(name: keyof typeof TOPICS): string {
    return `${this.env.prefix}${TOPICS[name]}`;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => stopService(s)));
    this.services.clear();
    await this.ownPublisher?.close().catch(() => undefined);
    this.env.tls.dispose();
  }
}
