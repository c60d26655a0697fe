import { createHash } from 'node:crypto';
import type { CertificateProfile, Environment } from '@paspoort/contracts';
import * as x509 from '../x509';
import { encodePem } from '../asn1/pem';
import { ensureCryptoProvider } from '../crypto-provider';
import { parseCsr, type ParsedCsr } from '../csr/parse-csr';
import { validateHolder, type HolderOf } from '../holder/holder';
import { subjectNameFor } from '../holder/holder-subject';
import { signingAlgorithmFor } from '../keys/ca-key-pair';
import { DEFAULT_POLICY_OIDS, type PolicyOidTable } from '../policy/policy-oids';
import { normalizeSerial } from '../serial/serial';
import { encodeLeafCertificate } from './leaf-certificate-der';
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
  const subject = subjectNameFor(params.profile, holder);
  const validity = leafValidity(params.notBefore, params.validityDays, params.issuingCa);
  const serial = normalizeSerial(params.serial);
  const der = encodeLeafCertificate({
    serialHex: serial,
    subject,
    ...validity,
    holderSpki: csr.spki,
    issuingCa: params.issuingCa,
    policyOid,
    urls,
    signingKey: params.issuingKeys.privateKey,
    hash: signingAlgorithmFor(params.issuingKeys.privateKey).hash,
  });
  return describeIssued(der, serial, subject, validity, params.issuingCa);
}

function describeIssued(
  der: Buffer,
  serial: string,
  subject: x509.Name,
  validity: { notBefore: Date; notAfter: Date },
  issuingCa: x509.X509Certificate,
): IssuedCertificate {
  let parsed: x509.X509Certificate | undefined;
  return {
    get certificate() {
      return (parsed ??= new x509.X509Certificate(der));
    },
    pem: encodePem('CERTIFICATE', der),
    der,
    serial,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    ...validity,
    subjectDn: subject.toString(),
    issuerDn: issuingCa.subject,
  };
}

function isParsedCsr(csr: IssueCertificateParams['csr']): csr is ParsedCsr {
  return typeof csr === 'object' && !(csr instanceof Uint8Array) && 'spki' in csr;
}
