import { ENVIRONMENTS, type Environment } from '@paspoort/contracts';
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
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as never);

/** A CSR made as a holder would make it (own P-256 key), with the key kept for TLS client authentication. */
export interface HolderRequest {
  csrPem: string;
  keyPem: string;
}

export async function makeHolderRequest(): Promise<HolderRequest> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=bench',
    keys: keys as never,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return { csrPem: csr.toString('pem'), keyPem: pkcs8ToPem(await exportPrivateKeyPkcs8(keys.privateKey)) };
}

export function systemHolder(i: number) {
  return {
    organisationId: String(10000000 + (i % 5000)).padStart(8, '0'),
    organisationName: `Apotheek ${i % 5000}`,
    systemName: `bench-system-${i}`,
  };
}

export function personalHolder(i: number) {
  return { personId: `bench-p-${i}`, name: `Bench Person ${i}` };
}

/** A root and one issuing CA per environment in memory, for the libs-only (no HTTP, no database) measurements. */
export class InMemoryCa {
  private constructor(
    readonly root: x509.X509Certificate,
    readonly issuing: Record<Environment, { cert: x509.X509Certificate; keys: CryptoKeyPair }>,
  ) {}

  static async create(): Promise<InMemoryCa> {
    const rootKeys = await generateCaKeyPair();
    const window = { notBefore: new Date(Date.now() - 86400000), notAfter: new Date(Date.now() + 10 * 365 * 86400000) };
    const root = await buildRootCa({ name: 'Bench Root', keys: rootKeys, serial: formatSerial(randomSerial()), ...window });
    const issuing = {} as Record<Environment, { cert: x509.X509Certificate; keys: CryptoKeyPair }>;
    for (const environment of ENVIRONMENTS) {
      const keys = await generateCaKeyPair();
      issuing[environment] = {
        keys,
        cert: await buildIssuingCa({ environment, rootCert: root, rootKeys, keys, serial: formatSerial(randomSerial()), ...window }),
      };
    }
    return new InMemoryCa(root, issuing);
  }

  /** Issues as the issuer's IssuanceService does (CSR parsed and its proof of possession verified inside). */
  issue(csrPem: string, profile: 'personal' | 'system', holder: object, environment: Environment = 'test'): Promise<IssuedCertificate> {
    const ca = this.issuing[environment];
    return issueCertificate({
      csr: csrPem,
      profile,
      environment,
      holder,
      issuingCa: ca.cert,
      issuingKeys: ca.keys,
      serial: randomSerial(),
      notBefore: new Date(Date.now() - 300000),
      validityDays: 365,
      publicUrl: 'http://127.0.0.1:3001',
    });
  }
}
