import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  TOPICS,
  type CertificateProfile,
  type CertificateStatus,
  type CertificateStatusValue,
  type Environment,
  type Role,
} from '@paspoort/contracts';
import {
  createTestDatabase,
  FixedClock,
  jsonValues,
  readTopic,
  serviceTestEnv,
  startTestService,
  TEST_BOOTSTRAP_TOKEN,
  TestPublisher,
  TestTokenIssuer,
  uniqueTopicPrefix,
} from '@paspoort/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { IpRegistryModule } from '../../src/ip-registry.module';

export const DAY = 24 * 60 * 60 * 1000;

export interface CertificateSpec {
  profile?: CertificateProfile;
  environment?: Environment;
  organisationId?: string;
  status?: CertificateStatus;
  notAfter?: Date;
}

/** The registry booted in-process against the test broker and its own database, on a clock the test moves. */
export class IpRegistryHarness {
  private constructor(
    public app: NestExpressApplication,
    readonly clock: FixedClock,
    readonly publisher: TestPublisher,
    readonly prefix: string,
    private readonly tokens: TestTokenIssuer,
    readonly databaseUrl: string,
  ) {}

  static async create(label: string): Promise<IpRegistryHarness> {
    const db = await createTestDatabase();
    const prefix = uniqueTopicPrefix(label);
    const publisher = new TestPublisher(prefix);
    await publisher.ensureTopics();
    const tokens = await TestTokenIssuer.create();
    await tokens.publish(publisher);
    const clock = new FixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
    const app = await startRegistry(clock, db.url, prefix);
    return new IpRegistryHarness(app, clock, publisher, prefix, tokens, db.url);
  }

  /** Stops the registry and starts it again on the same database and clock, with another topic prefix (a new cluster). */
  async restart(topicPrefix: string): Promise<void> {
    await this.app.close();
    this.app = await startRegistry(this.clock, this.databaseUrl, topicPrefix);
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.publisher?.close();
  }

  http() {
    return request(this.app.getHttpServer());
  }

  get operator(): Record<string, string> {
    return { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` };
  }

  async as(roles: Role[], env: Environment = 'test'): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.tokens.token({ sub: 'person:p-admin', env, roles })}` };
  }

  /** Publishes a certificate's status as the issuer would and returns its serial. */
  async certificate(spec: CertificateSpec = {}, serial = randomBytes(8).toString('hex')): Promise<string> {
    const now = new Date().toISOString();
    const profile = spec.profile ?? 'system';
    const status = spec.status ?? 'active';
    const value: CertificateStatusValue = {
      key: serial,
      revision: 1,
      updatedAt: now,
      serial,
      environment: spec.environment ?? 'test',
      profile,
      status,
      ...(profile === 'system' ? { organisationId: spec.organisationId ?? '11111111', systemName: 'claims' } : { personId: 'p-1' }),
      blockCause: null,
      revocationReason: status === 'revoked' ? 'keyCompromise' : null,
      changedAt: now,
      notAfter: (spec.notAfter ?? new Date(Date.now() + 365 * DAY)).toISOString(),
    };
    await this.publisher.state(TOPICS.certificateStatus, value);
    return serial;
  }

  /** The messages of a topic (prefixed here) read until `until` holds for their parsed values. */
  async read<T>(topic: string, until: (values: T[]) => boolean): Promise<T[]> {
    return jsonValues<T>(await readTopic(`${this.prefix}${topic}`, (m) => until(jsonValues<T>(m))));
  }
}

async function startRegistry(clock: FixedClock, databaseUrl: string, topicPrefix: string): Promise<NestExpressApplication> {
  @Module({ imports: [IpRegistryModule.withClock(clock)] })
  class IpRegistryTestModule {}
  return startTestService(IpRegistryTestModule, serviceTestEnv({ databaseUrl, topicPrefix }));
}
