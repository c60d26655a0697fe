import 'reflect-metadata';
import { CertID, id_pkix_ocsp_nonce, OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension, Extensions } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import {
  buildIssuingCa,
  buildRootCa,
  formatSerial,
  generateCaKeyPair,
  issuerHashes,
  issueCertificate,
  OCSP_HASH_ALGORITHMS,
  randomSerial,
  type IssuedCertificate,
} from '@paspoort/pki';
import { randomBytes, webcrypto } from 'node:crypto';

/** Valid inputs made at test time, for the mutation fuzzers to damage. No key leaves the process. */
export interface PkiMaterial {
  csrs: { p256: x509.Pkcs10CertificateRequest; p384: x509.Pkcs10CertificateRequest; rsa2048: x509.Pkcs10CertificateRequest };
  root: x509.X509Certificate;
  issuingCa: x509.X509Certificate;
  personal: IssuedCertificate;
  system: IssuedCertificate;
  /** An OCSP request as `openssl ocsp -issuer … -serial … ` sends it: one SHA-1 CertID and a nonce. */
  ocspRequest: Uint8Array;
}

const WINDOW = { notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 3650 * 86_400_000) };

export async function makePkiMaterial(): Promise<PkiMaterial> {
  x509.cryptoProvider.set(webcrypto as never);
  const rootKeys = await generateCaKeyPair();
  const root = await buildRootCa({ name: 'Fuzz Root', keys: rootKeys, serial: formatSerial(randomSerial()), ...WINDOW });
  const keys = await generateCaKeyPair();
  const issuingCa = await buildIssuingCa({
    environment: 'test',
    rootCert: root,
    rootKeys,
    keys,
    serial: formatSerial(randomSerial()),
    ...WINDOW,
  });
  const csrs = { p256: await makeCsr('P-256'), p384: await makeCsr('P-384'), rsa2048: await makeCsr('RSA') };
  const issue = (profile: 'personal' | 'system', holder: object) =>
    issueCertificate({
      csr: csrs.p256.toString('pem'),
      profile,
      environment: 'test',
      holder,
      issuingCa,
      issuingKeys: keys,
      serial: formatSerial(randomSerial()),
      notBefore: new Date(Date.now() - 3_600_000),
      validityDays: 365,
      publicUrl: 'https://pki.example.test',
    });
  const personal = await issue('personal', { personId: 'p-1', name: 'Piet Fuzz' });
  const system = await issue('system', { organisationId: '12345678', organisationName: 'Apotheek', systemName: 'kassa' });
  return { csrs, root, issuingCa, personal, system, ocspRequest: makeOcspRequest(issuingCa, system.certificate) };
}

export async function makeCsr(kind: 'P-256' | 'P-384' | 'RSA'): Promise<x509.Pkcs10CertificateRequest> {
  const algorithm =
    kind === 'RSA'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }
      : { name: 'ECDSA', namedCurve: kind, hash: kind === 'P-256' ? 'SHA-256' : 'SHA-384' };
  const keys = await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
  return x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=fuzz, O=Evil Corp', keys: keys as never, signingAlgorithm: algorithm });
}

/** An OCSP request for `certificate` as issued by `issuingCa`: one SHA-1 CertID and a 16-byte nonce. */
export function makeOcspRequest(issuingCa: x509.X509Certificate, certificate: x509.X509Certificate): Uint8Array {
  const { nameHash, keyHash } = issuerHashes(issuingCa, 'sha1');
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: OCSP_HASH_ALGORITHMS.sha1, parameters: null }),
    issuerNameHash: new OctetString(nameHash),
    issuerKeyHash: new OctetString(keyHash),
    serialNumber: new Uint8Array(Buffer.from(certificate.serialNumber, 'hex')).buffer,
  });
  const nonce = new Extension({
    extnID: id_pkix_ocsp_nonce,
    critical: false,
    extnValue: new OctetString(AsnConvert.serialize(new OctetString(randomBytes(16)))),
  });
  const tbsRequest = new TBSRequest({ requestList: [new Request({ reqCert: certId })], requestExtensions: new Extensions([nonce]) });
  return new Uint8Array(AsnConvert.serialize(new OCSPRequest({ tbsRequest })));
}
