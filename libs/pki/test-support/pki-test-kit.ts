/**
 * Test-only helpers for libs/pki specs: keys and CSRs generated at test time (no key material is committed),
 * a CA hierarchy, and a thin wrapper around the `openssl` binary for independent verification.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import * as x509 from '../src/x509';
import { ENVIRONMENTS, type Environment } from '@paspoort/contracts';
import {
  buildIssuingCa,
  buildRootCa,
  ensureCryptoProviderForTests,
  generateCaKeyPair,
  type CaCurve,
  type CryptoKeyPair,
} from './pki-imports';

export type CsrKind = 'p256' | 'p384' | 'p521' | 'rsa1024' | 'rsa2048' | 'ed25519';

const KEY_ALGORITHMS: Record<CsrKind, { generate: object; sign: object }> = {
  p256: { generate: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  p384: { generate: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  p521: { generate: { name: 'ECDSA', namedCurve: 'P-521' }, sign: { name: 'ECDSA', hash: 'SHA-512' } },
  rsa1024: { generate: rsa(1024), sign: { name: 'RSASSA-PKCS1-v1_5' } },
  rsa2048: { generate: rsa(2048), sign: { name: 'RSASSA-PKCS1-v1_5' } },
  ed25519: { generate: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

function rsa(modulusLength: number): object {
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}

/** A CSR (PEM) on a fresh key of `kind`, asking for a subject Paspoort must ignore. */
export async function makeCsr(
  kind: CsrKind,
  subject = 'CN=ignored, O=Evil Corp',
): Promise<{ pem: string; der: Buffer; keys: CryptoKeyPair }> {
  ensureCryptoProviderForTests();
  const spec = KEY_ALGORITHMS[kind];
  const keys = (await webcrypto.subtle.generateKey(spec.generate as never, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys: keys as never,
    signingAlgorithm: spec.sign as never,
  });
  return { pem: csr.toString('pem'), der: Buffer.from(csr.rawData), keys };
}

/** A root and one issuing CA per environment, all valid 2024-01-01 .. 2034-01-01. */
export interface TestHierarchy {
  root: x509.X509Certificate;
  rootKeys: CryptoKeyPair;
  issuing: Record<Environment, { cert: x509.X509Certificate; keys: CryptoKeyPair }>;
}

export const CA_NOT_BEFORE = new Date('2024-01-01T00:00:00Z');
export const CA_NOT_AFTER = new Date('2034-01-01T00:00:00Z');

export async function makeHierarchy(curve: CaCurve = 'P-256'): Promise<TestHierarchy> {
  const rootKeys = await generateCaKeyPair(curve);
  const window = { notBefore: CA_NOT_BEFORE, notAfter: CA_NOT_AFTER };
  const root = await buildRootCa({ name: 'Paspoort Test Root CA', organisationName: 'Paspoort', keys: rootKeys, serial: '01', ...window });
  const issuing = {} as TestHierarchy['issuing'];
  for (const [index, environment] of ENVIRONMENTS.entries()) {
    const keys = await generateCaKeyPair(curve);
    const cert = await buildIssuingCa({
      environment,
      organisationName: 'Paspoort',
      rootCert: root,
      rootKeys,
      keys,
      serial: `1${index}`,
      ...window,
    });
    issuing[environment] = { cert, keys };
  }
  return { root, rootKeys, issuing };
}

/** A temporary directory with helpers to write files and run openssl in it. */
export class OpensslWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'paspoort-pki-'));

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** Runs openssl; returns stdout+stderr. Throws with the output when the exit code is non-zero. */
  run(args: string[]): string {
    try {
      return execFileSync('openssl', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      throw new Error(`openssl ${args.join(' ')} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
    }
  }

  /** Runs openssl and returns stdout, stderr and a final `exit=<code>` line, never throwing (openssl ocsp reports on stderr). */
  runAll(args: string[]): string {
    return execFileSync('sh', ['-c', `openssl "$@" 2>&1; echo "exit=$?"`, 'openssl', ...args], { cwd: this.dir, encoding: 'utf8' });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function pemOf(cert: x509.X509Certificate): string {
  return cert.toString('pem') + '\n';
}
