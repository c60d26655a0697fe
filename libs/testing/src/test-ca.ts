import { ENVIRONMENTS, TOPICS, type CaChainValue, type CertificateStatusValue, type Environment } from '@paspoort/contracts';
import {
  buildIssuingCa,
  buildRootCa,
  exportPrivateKeyPkcs8,
  formatSerial,
  generateCaKeyPair,
  issueCertificate,
  pkcs8ToPem,
  randomSerial,
  type CryptoKeyPair,
  type IssuedCertificate,
} from '@paspoort/pki';
import type { TestPublisher } from './kafka';
import * as x509 from '@peculiar/x509';
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClientCertificate extends IssuedCertificate {
  keyPem: string;
  environment: Environment;
  profile: 'personal' | 'system';
}

/** A CSR made as a holder would make it (own P-256 key), with the key kept for TLS client authentication. */
export interface HolderRequest {
  csrPem: string;
  keyPem: string;
}

export async function makeHolderRequest(): Promise<HolderRequest> {
  x509.cryptoProvider.set(webcrypto as never);
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=ignored',
    keys: keys as never,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return { csrPem: csr.toString('pem'), keyPem: pkcs8ToPem(await exportPrivateKeyPkcs8(keys.privateKey)) };
}

type Hierarchy = { root: x509.X509Certificate; issuing: Record<Environment, { cert: x509.X509Certificate; keys: CryptoKeyPair }> };

/** A root and one issuing CA per environment made at test time, issuing client certificates as the issuer would. */
export class TestCa {
  private readonly revisions = new Map<string, number>();

  private constructor(private readonly hierarchy: Hierarchy) {}

  static async create(): Promise<TestCa> {
    x509.cryptoProvider.set(webcrypto as never);
    const rootKeys = await generateCaKeyPair();
    const window = { notBefore: new Date(Date.now() - 86400000), notAfter: new Date(Date.now() + 10 * 365 * 86400000) };
    const root = await buildRootCa({ name: 'Authn Test Root', keys: rootKeys, serial: formatSerial(randomSerial()), ...window });
    const issuing = {} as Hierarchy['issuing'];
    for (const environment of ENVIRONMENTS) {
      const keys = await generateCaKeyPair();
      issuing[environment] = {
        keys,
        cert: await buildIssuingCa({ environment, rootCert: root, rootKeys, keys, serial: formatSerial(randomSerial()), ...window }),
      };
    }
    return new TestCa({ root, issuing });
  }

  /** Publishes every environment's chain on `paspoort.ca.v1` (as the issuer does). */
  async publishChains(publisher: TestPublisher): Promise<void> {
    for (const environment of ENVIRONMENTS) {
      const issuingCaPem = this.hierarchy.issuing[environment].cert.toString('pem');
      const rootCaPem = this.hierarchy.root.toString('pem');
      const value: CaChainValue = {
        key: environment,
        revision: 1,
        updatedAt: new Date().toISOString(),
        environment,
        issuingCaPem,
        rootCaPem,
        chainPem: `${issuingCaPem}\n${rootCaPem}\n`,
      };
      await publisher.state(TOPICS.ca, value);
    }
  }

  get root(): x509.X509Certificate {
    return this.hierarchy.root;
  }

  /** The environment's issuing CA certificate and keys. */
  issuingCa(environment: Environment): { cert: x509.X509Certificate; keys: CryptoKeyPair } {
    return this.hierarchy.issuing[environment];
  }

  /** A certificate for a holder key made here (the key is returned as `keyPem` for TLS client authentication). */
  async issue(environment: Environment, profile: 'personal' | 'system', holder: object): Promise<ClientCertificate> {
    const request = await makeHolderRequest();
    const issued = await this.issueFromCsr(request.csrPem, environment, profile, holder);
    return { ...issued, keyPem: request.keyPem, environment, profile };
  }

  /** Issues as the issuer's IssuanceService does, from a holder's CSR (parsed and its proof of possession checked inside). */
  issueFromCsr(csrPem: string, environment: Environment, profile: 'personal' | 'system', holder: object): Promise<IssuedCertificate> {
    const ca = this.hierarchy.issuing[environment];
    return issueCertificate({
      csr: csrPem,
      profile,
      environment,
      holder,
      issuingCa: ca.cert,
      issuingKeys: ca.keys,
      serial: formatSerial(randomSerial()),
      notBefore: new Date(Date.now() - 3600000),
      validityDays: 365,
      publicUrl: 'https://pki.example.test',
    });
  }

  /** Publishes the certificate's status on `paspoort.certificate-status.v1` with the next revision. */
  async publishStatus(
    publisher: TestPublisher,
    c: ClientCertificate,
    status: CertificateStatusValue['status'],
    holder: Partial<CertificateStatusValue> = {},
  ): Promise<void> {
    const revision = (this.revisions.get(c.serial) ?? 0) + 1;
    this.revisions.set(c.serial, revision);
    const now = new Date().toISOString();
    await publisher.state(TOPICS.certificateStatus, {
      key: c.serial,
      revision,
      updatedAt: now,
      serial: c.serial,
      environment: c.environment,
      profile: c.profile,
      fingerprintSha256: c.fingerprintSha256,
      status,
      changedAt: now,
      notAfter: c.notAfter.toISOString(),
      ...(status === 'blocked' ? { blockCause: 'lost' } : {}),
      ...(status === 'revoked' ? { revocationReason: 'keyCompromise' } : {}),
      ...holder,
    } as CertificateStatusValue);
  }
}

/** A self-signed server pair for the TLS listeners, in a temporary directory (removed by `dispose`). */
export function serverCertificateFiles(): { certFile: string; keyFile: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'authn-tls-'));
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
