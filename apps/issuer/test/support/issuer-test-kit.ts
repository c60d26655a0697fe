import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, webcrypto } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as x509 from '@peculiar/x509';
import type { Role } from '@paspoort/contracts';
import {
  createTestDatabase,
  serviceTestEnv,
  startTestService,
  TEST_BOOTSTRAP_TOKEN,
  TestPublisher,
  TestTokenIssuer,
  uniqueTopicPrefix,
} from '@paspoort/testing';
import request from 'supertest';
import { configureIssuerApp } from '../../src/issuer.bootstrap';
import { IssuerModule } from '../../src/issuer.module';

x509.cryptoProvider.set(webcrypto as never);

/** A KEK made at test time (never committed). */
export const testKek = (): string => randomBytes(32).toString('base64');

/** Boots the issuer in this process against its own database and topic prefix. */
export async function startIssuer(
  env: Record<string, string>,
  module: DynamicModule | typeof IssuerModule = IssuerModule,
): Promise<NestExpressApplication> {
  @Module({ imports: [module] })
  class IssuerUnderTest {}
  return startTestService(IssuerUnderTest, env, { configure: configureIssuerApp });
}

/** One issuer with its database, topic prefix, test publisher and token issuer. */
export class IssuerHarness {
  private constructor(
    readonly app: NestExpressApplication,
    readonly prefix: string,
    readonly databaseUrl: string,
    readonly publisher: TestPublisher,
    readonly tokens: TestTokenIssuer,
  ) {}

  static async start(extraEnv: Record<string, string> = {}, module?: DynamicModule): Promise<IssuerHarness> {
    const db = await createTestDatabase();
    const prefix = uniqueTopicPrefix('iss');
    const publisher = new TestPublisher(prefix);
    await publisher.ensureTopics();
    const tokens = await TestTokenIssuer.create();
    await tokens.publish(publisher);
    const env = serviceTestEnv({ databaseUrl: db.url, topicPrefix: prefix }, { PASPOORT_CA_KEK: testKek(), ...extraEnv });
    const app = await startIssuer(env, module);
    return new IssuerHarness(app, prefix, db.url, publisher, tokens);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  /** A token of `env` with `roles` (no certificate serial, so no status value is needed). */
  token(roles: Role[], env: 'test' | 'acceptance' | 'production' = 'test'): Promise<string> {
    return this.tokens.token({ sub: 'person:op-1', env, roles });
  }

  async operator(env: 'test' | 'acceptance' | 'production' = 'test'): Promise<string> {
    return this.token(['operator'], env);
  }

  topic(name: string): string {
    return `${this.prefix}${name}`;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.publisher?.close();
  }
}

export { TEST_BOOTSTRAP_TOKEN };

export type CsrKind = 'p256' | 'p384' | 'rsa2048' | 'rsa1024' | 'p521';

const ALGORITHMS: Record<CsrKind, { generate: object; sign: object }> = {
  p256: { generate: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  p384: { generate: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  p521: { generate: { name: 'ECDSA', namedCurve: 'P-521' }, sign: { name: 'ECDSA', hash: 'SHA-512' } },
  rsa2048: { generate: rsa(2048), sign: { name: 'RSASSA-PKCS1-v1_5' } },
  rsa1024: { generate: rsa(1024), sign: { name: 'RSASSA-PKCS1-v1_5' } },
};

function rsa(modulusLength: number): object {
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}

/** A CSR on a fresh node:crypto key, asking for a subject the issuer must ignore. */
export async function makeCsr(kind: CsrKind = 'p256'): Promise<string> {
  const spec = ALGORITHMS[kind];
  const keys = (await webcrypto.subtle.generateKey(spec.generate as never, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=ignored, O=Evil Corp',
    keys: keys as never,
    signingAlgorithm: spec.sign as never,
  });
  return csr.toString('pem');
}

/** A temporary directory to run the openssl binary in. */
export class Openssl {
  readonly dir = mkdtempSync(join(tmpdir(), 'paspoort-issuer-'));

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Runs openssl; returns stdout and stderr together; throws with the output on a non-zero exit. */
  run(args: string[]): string {
    try {
      return execFileSync('sh', ['-c', 'openssl "$@" 2>&1', 'openssl', ...args], { cwd: this.dir, encoding: 'utf8' });
    } catch (error) {
      throw new Error(`openssl ${args.join(' ')} failed:\n${(error as { stdout?: string }).stdout ?? ''}`);
    }
  }

  /** Runs openssl and returns its output and a final `exit=<code>` line, never throwing. */
  runAll(args: string[]): string {
    return execFileSync('sh', ['-c', 'openssl "$@" 2>&1; echo "exit=$?"', 'openssl', ...args], { cwd: this.dir, encoding: 'utf8' });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
