import { createHash } from 'node:crypto';
import type { CertificateProfile, Environment } from '@paspoort/contracts';
import * as x509 from '../x509';
import { certificateParts } from '../asn1/certificate-parts';
import { ensureCryptoProvider } from '../crypto-provider';
import { parseCsr, type ParsedCsr } from '../csr/parse-csr';
import { CaInvalid } from '../errors';
import { validateHolder, type HolderOf } from '../holder/holder';
import { subjectNameFor } from '../holder/holder-subject';
import { signingAlgorithmFor } from '../keys/ca-key-pair';
import { DEFAULT_POLICY_OIDS, type PolicyOidTable } from '../policy/policy-oids';
import { formatSerial, normalizeSerial } from '../serial/serial';
import { leafExtensions } from './leaf-extensions';
import { certificateUrls } from './public-urls';
import { leafValidity } from './validity';
import type { CryptoKeyPair } from '../keys/web-crypto-types';

/** Input of `issueCertificate`. The CSR's own subject and requested extensions are ignored. */
export interface IssueCertificateParams<P extends CertificateProfile = CertificateProfile> {
  /** A CSR already checked by `parseCsr`, or raw PEM/DER that is checked here. */
  csr: ParsedCsr | string | Uint8Array;
  profile: P;
  environment: Environment;
  /** Validated with `validateHolder(profile, holder)`; may come straight from a request body. */
  holder: HolderOf[P] | unknown;
  issuingCa: x509.X509Certificate;
  issuingKeys: Pick<CryptoKeyPair, 'privateKey'>;
  serial: Uint8Array | string;
  notBefore: Date;
  validityDays: number;
  /** `PASPOORT_ISSUER_PUBLIC_URL`. */
  publicUrl: string;
  policyOids?: PolicyOidTable;
  /** CPS URI qualifier; defaults to `${publicUrl}/cps`. */
  cpsUri?: string;
}

/** An issued end-entity certificate and the facts services record about it. */
export interface IssuedCertificate {
  certificate: x509.X509Certificate;
  pem: string;
  der: Buffer;
  /** As `openssl x509 -noout -serial` prints it, lower-cased. */
  serial: string;
  /** Lower-case hex SHA-256 over the DER. */
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
  subjectDn: string;
  issuerDn: string;
}

/**
 * Issues a client-authentication certificate for `holder` on the CSR's key, signed by the environment's
 * issuing CA. Invariants: subject comes only from the validated holder; notAfter never passes the issuing CA's
 * notAfter (clamped); the issuer name is byte-identical to the CA's subject. Throws the CSR_*, HOLDER_INVALID,
 * SERIAL_INVALID, VALIDITY_INVALID and PKI_CONFIG_INVALID errors.
 */
export async function issueCertificate<P extends CertificateProfile>(params: IssueCertificateParams<P>): Promise<IssuedCertificate> {
  ensureCryptoProvider();
  const csr = isParsedCsr(params.csr) ? params.csr : parseCsr(params.csr);
  const holder = validateHolder(params.profile, params.holder);
  const urls = certificateUrls(params.publicUrl, params.environment, params.cpsUri);
  const policyOid = (params.policyOids ?? DEFAULT_POLICY_OIDS)[params.profile][params.environment];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: normalizeSerial(params.serial),
    subject: subjectNameFor(params.profile, holder),
    issuer: new x509.Name(params.issuingCa.subjectName.toArrayBuffer()),
    ...leafValidity(params.notBefore, params.validityDays, params.issuingCa),
    publicKey: csr.spki,
    signingKey: params.issuingKeys.privateKey,
    signingAlgorithm: signingAlgorithmFor(params.issuingKeys.privateKey),
    extensions: leafExtensions({ holderSpki: csr.spki, issuingCa: params.issuingCa, policyOid, urls }),
  });
  return describeIssued(certificate, params.issuingCa);
}

function describeIssued(certificate: x509.X509Certificate, issuingCa: x509.X509Certificate): IssuedCertificate {
  const der = Buffer.from(certificate.rawData);
  const parts = certificateParts(der);
  if (!Buffer.from(parts.issuer).equals(certificateParts(new Uint8Array(issuingCa.rawData)).subject)) {
    throw new CaInvalid('issuing CA subject name does not survive re-encoding; re-import the CA');
  }
  return {
    certificate,
    pem: certificate.toString('pem') + '\n',
    der,
    serial: formatSerial(parts.serial),
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    subjectDn: certificate.subject,
    issuerDn: certificate.issuer,
  };
}

function isParsedCsr(csr: IssueCertificateParams['csr']): csr is ParsedCsr {
  return typeof csr === 'object' && !(csr instanceof Uint8Array) && 'spki' in csr;
}
