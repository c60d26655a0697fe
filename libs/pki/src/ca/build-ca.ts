import type { Environment } from '@paspoort/contracts';
import * as x509 from '../x509';
import { ensureCryptoProvider } from '../crypto-provider';
import { ValidityInvalid } from '../errors';
import { exportSpki } from '../keys/key-codec';
import { signingAlgorithmFor } from '../keys/ca-key-pair';
import { DEFAULT_POLICY_OIDS, policyOidsOfEnvironment, type PolicyOidTable } from '../policy/policy-oids';
import { normalizeSerial } from '../serial/serial';
import { earliest, truncateToSeconds } from '../time';
import { keyIdentifier } from '../asn1/certificate-parts';
import { authorityKeyId, caExtensions, certificatePoliciesExtension } from './ca-extensions';
import type { CryptoKeyPair } from '../keys/web-crypto-types';

/** Input of `buildRootCa`. */
export interface RootCaParams {
  /** Common name of the root, e.g. "Paspoort Root CA". */
  name: string;
  organisationName?: string;
  keys: CryptoKeyPair;
  serial: Uint8Array | string;
  notBefore: Date;
  notAfter: Date;
  /** Policy OIDs to assert on the root (usually none: a trust anchor's policies are not processed). */
  policyOids?: readonly string[];
}

/** Input of `buildIssuingCa`. */
export interface IssuingCaParams {
  environment: Environment;
  /** Common name; defaults to "Paspoort Issuing CA <environment>". */
  name?: string;
  organisationName?: string;
  rootCert: x509.X509Certificate;
  rootKeys: Pick<CryptoKeyPair, 'privateKey'>;
  keys: CryptoKeyPair;
  serial: Uint8Array | string;
  notBefore: Date;
  notAfter: Date;
  policyOids?: PolicyOidTable;
  cpsUri?: string;
}

/**
 * Self-signed root CA: basicConstraints CA (critical, no path length limit), keyUsage keyCertSign+cRLSign
 * (critical), SKI, AKI = SKI. Signed with SHA-256 on P-256 keys, SHA-384 on P-384.
 */
export async function buildRootCa(params: RootCaParams): Promise<x509.X509Certificate> {
  ensureCryptoProvider();
  const spki = await exportSpki(params.keys.publicKey);
  const name = caName(params.name, params.organisationName);
  const extensions = caExtensions(spki, keyIdentifier(spki));
  if (params.policyOids?.length) extensions.push(certificatePoliciesExtension(params.policyOids));
  return x509.X509CertificateGenerator.create({
    serialNumber: normalizeSerial(params.serial),
    subject: name,
    issuer: name,
    ...caValidity(params.notBefore, params.notAfter),
    publicKey: spki,
    signingKey: params.keys.privateKey,
    signingAlgorithm: signingAlgorithmFor(params.keys.privateKey),
    extensions,
  });
}

/**
 * The issuing CA of one environment, signed by the root: basicConstraints CA pathLen 0 (critical), keyUsage
 * keyCertSign+cRLSign (critical), SKI, AKI = root SKI, certificatePolicies = this environment's profile OIDs.
 * Invariant: notAfter never exceeds the root's notAfter (clamped).
 */
export async function buildIssuingCa(params: IssuingCaParams): Promise<x509.X509Certificate> {
  ensureCryptoProvider();
  const spki = await exportSpki(params.keys.publicKey);
  const policies = policyOidsOfEnvironment(params.environment, params.policyOids ?? DEFAULT_POLICY_OIDS);
  const extensions = [...caExtensions(spki, authorityKeyId(params.rootCert), 0), certificatePoliciesExtension(policies, params.cpsUri)];
  return x509.X509CertificateGenerator.create({
    serialNumber: normalizeSerial(params.serial),
    subject: caName(params.name ?? `Paspoort Issuing CA ${params.environment}`, params.organisationName),
    issuer: new x509.Name(params.rootCert.subjectName.toArrayBuffer()),
    ...caValidity(params.notBefore, earliest(params.notAfter, params.rootCert.notAfter)),
    publicKey: spki,
    signingKey: params.rootKeys.privateKey,
    signingAlgorithm: signingAlgorithmFor(params.rootKeys.privateKey),
    extensions,
  });
}

function caName(commonName: string, organisationName?: string): x509.Name {
  const rdns: x509.JsonAttributeAndObjectValue[] = [];
  if (organisationName) rdns.push({ '2.5.4.10': [{ utf8String: organisationName }] });
  rdns.push({ '2.5.4.3': [{ utf8String: commonName }] });
  return new x509.Name(rdns);
}

function caValidity(notBefore: Date, notAfter: Date): { notBefore: Date; notAfter: Date } {
  const window = { notBefore: truncateToSeconds(notBefore), notAfter: truncateToSeconds(notAfter) };
  if (window.notAfter <= window.notBefore) throw new ValidityInvalid('CA notAfter must be after notBefore');
  return window;
}
