import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestDatabase, FixedClock, serviceTestEnv, startTestService, TestPublisher, uniqueTopicPrefix } from '@paspoort/testing';
import { randomBytes } from 'node:crypto';
import { AuthnModule } from '../../src/authn.module';
import { TlsListeners } from '../../src/tls/tls-listeners';
import { serverCertificateFiles, TestCa } from '@paspoort/testing';

/** One authn world of a test file: database, topics, CA, server pair, clock; instances start on demand. */
export class AuthnHarness {
  readonly clock = new FixedClock(new Date());
  readonly apps: NestExpressApplication[] = [];
  private readonly keks = { PASPOORT_TOTP_KEK: randomBytes(32).toString('base64'), PASPOORT_TOKEN_KEK: randomBytes(32).toString('base64') };
  private tls = serverCertificateFiles();

  private constructor(
    readonly databaseUrl: string,
    readonly prefix: string,
    readonly publisher: TestPublisher,
    readonly ca: TestCa,
    private readonly brokers?: string[],
  ) {}

  static async create(brokers?: string[]): Promise<AuthnHarness> {
    const db = await createTestDatabase();
    const prefix = uniqueTopicPrefix('authn');
    const publisher = new TestPublisher(prefix, brokers);
    await publisher.ensureTopics();
    const ca = await TestCa.create();
    await ca.publishChains(publisher);
    return new AuthnHarness(db.url, prefix, publisher, ca, brokers);
  }

  async start(extra: Record<string, string> = {}): Promise<NestExpressApplication> {
    @Module({ imports: [AuthnModule.withClock(this.clock)] })
    class ClockedAuthnModule {}
    const app = await startTestService(
      ClockedAuthnModule,
      serviceTestEnv(
        { databaseUrl: this.databaseUrl, topicPrefix: this.prefix, brokers: this.brokers },
        {
          ...this.keks,
          PASPOORT_TLS_CERT_FILE: this.tls.certFile,
          PASPOORT_TLS_KEY_FILE: this.tls.keyFile,
          PASPOORT_PORTAL_PORTS: '0,0,0',
          PASPOORT_SYSTEM_PORTS: '0,0,0',
          ...extra,
        },
      ),
    );
    this.apps.push(app);
    return app;
  }

  port(app: NestExpressApplication, kind: 'portal' | 'system', environment: 'test' | 'acceptance' | 'production' = 'test'): number {
    return app.get(TlsListeners).port(environment, kind);
  }

  async close(): Promise<void> {
    for (const app of this.apps) await app.close();
    await this.publisher.close();
    this.tls.dispose();
  }
}
