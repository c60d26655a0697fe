import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { X509Certificate } from '@peculiar/x509';
import type { Environment } from '@paspoort/contracts';
import {
  buildIssuingCa,
  buildRootCa,
  formatSerial,
  generateCaKeyPair,
  importCaFromPem,
  randomSerial,
  readCertificate,
  type CaCurve,
  type CryptoKeyPair,
  type PolicyOidTable,
} from '@paspoort/pki';

/** A CA made or imported during initialisation; its key is extractable so that it can be encrypted for storage. */
export interface FreshCa {
  certificate: X509Certificate;
  keys: CryptoKeyPair;
  origin: 'generated' | 'imported';
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const ROOT_YEARS = 20;
const ISSUING_YEARS = 10;
/** CAs start an hour early so that a leaf issued right away, back-dated for clock skew, starts inside them. */
const CA_BACKDATE_MS = 3600 * 1000;

export async function generateRootCa(curve: CaCurve, now: Date): Promise<FreshCa> {
  const keys = await generateCaKeyPair(curve);
  const certificate = await buildRootCa({
    name: 'Paspoort Root CA',
    organisationName: 'Paspoort',
    keys,
    serial: randomSerial(),
    notBefore: new Date(now.getTime() - CA_BACKDATE_MS),
    notAfter: new Date(now.getTime() + ROOT_YEARS * YEAR_MS),
  });
  return { certificate, keys, origin: 'generated' };
}

export async function generateIssuingCa(
  environment: Environment,
  root: { certificate: X509Certificate; keys: Pick<CryptoKeyPair, 'privateKey'> },
  options: { curve: CaCurve; now: Date; policyOids: PolicyOidTable; cpsUri: string },
): Promise<FreshCa> {
  const keys = await generateCaKeyPair(options.curve);
  const certificate = await buildIssuingCa({
    environment,
    organisationName: 'Paspoort',
    rootCert: root.certificate,
    rootKeys: root.keys,
    keys,
    serial: randomSerial(),
    notBefore: new Date(options.now.getTime() - CA_BACKDATE_MS),
    notAfter: new Date(options.now.getTime() + ISSUING_YEARS * YEAR_MS),
    policyOids: options.policyOids,
    cpsUri: options.cpsUri,
  });
  return { certificate, keys, origin: 'generated' };
}

/** The root from `<dir>/root.pem` + `<dir>/root.key` (must be self-signed). */
export async function importRootCa(dir: string): Promise<FreshCa> {
  const pem = readText(dir, 'root.pem');
  const imported = await importCaFromPem(pem, readText(dir, 'root.key'), { issuer: readCertificate(pem), extractable: true });
  return { ...imported, origin: 'imported' };
}

/** The issuing CA from `<dir>/<environment>.pem` + `.key` when both exist (must be signed by the root). */
export async function importIssuingCa(dir: string, environment: Environment, root: X509Certificate): Promise<FreshCa | undefined> {
  if (!existsSync(join(dir, `${environment}.pem`)) || !existsSync(join(dir, `${environment}.key`))) return undefined;
  const imported = await importCaFromPem(readText(dir, `${environment}.pem`), readText(dir, `${environment}.key`), {
    issuer: root,
    extractable: true,
  });
  return { ...imported, origin: 'imported' };
}

export function serialOf(certificate: X509Certificate): string {
  return formatSerial(Buffer.from(certificate.serialNumber, 'hex'));
}

function readText(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`CA import: ${path} is missing`);
  return readFileSync(path, 'utf8');
}
