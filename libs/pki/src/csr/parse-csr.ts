import { CsrMalformed, CsrSignatureAlgorithmUnsupported, CsrSignatureInvalid } from '../errors';
import { signatureAlgorithmFromOid, signatureParametersAcceptable, type SignatureAlgorithm } from '../signature/signature-algorithms';
import { verifySignature } from '../signature/verify-signature';
import { classifyCsrKey, type CsrKey } from './csr-key-policy';
import { checkCsrSize, csrInputToDer, decodeCertificationRequest, type DecodedCsr } from './decode-csr';

/** A CSR that passed every check: the holder proved possession of an accepted key. */
export interface ParsedCsr {
  der: Buffer;
  /** DER SubjectPublicKeyInfo of the holder key: what the certificate will certify. */
  spki: Buffer;
  key: CsrKey;
  signatureAlgorithm: SignatureAlgorithm;
  /** The subject the CSR asked for; informational only, never copied into a certificate. */
  requestedSubject: string;
}

/** One policy check on a decoded CSR; throws a typed `PkiError` when the CSR fails it. */
export type CsrValidator = (csr: DecodedCsr) => void;

const checkVersion: CsrValidator = (csr) => {
  if (csr.version !== 0) throw new CsrMalformed(`CSR version ${csr.version} is not v1 (0)`);
};

const checkKey: CsrValidator = (csr) => {
  classifyCsrKey(csr.spki);
};

const checkSignatureAlgorithm: CsrValidator = (csr) => {
  const algorithm = signatureAlgorithmFromOid(csr.signatureAlgorithmOid);
  if (!algorithm || !signatureParametersAcceptable(algorithm, csr.signatureAlgorithmParameters)) {
    throw new CsrSignatureAlgorithmUnsupported(`signature algorithm ${csr.signatureAlgorithmOid} is not accepted`);
  }
};

const checkProofOfPossession: CsrValidator = (csr) => {
  const algorithm = signatureAlgorithmFromOid(csr.signatureAlgorithmOid) as SignatureAlgorithm;
  const valid = verifySignature({ spki: csr.spki, algorithm, data: csr.signedBytes, signature: csr.signature });
  if (!valid) throw new CsrSignatureInvalid('CSR signature does not verify with its own public key');
};

/** The checks, in order: structure first, then key policy, then algorithm, then proof of possession. */
export const CSR_VALIDATORS: readonly CsrValidator[] = [checkVersion, checkKey, checkSignatureAlgorithm, checkProofOfPossession];

/**
 * Parses and checks a holder's CSR: PEM (exactly one CERTIFICATE REQUEST block) or DER, at most 16 KiB.
 * Error codes: CSR_TOO_LARGE, CSR_MALFORMED, CSR_KEY_UNSUPPORTED, CSR_KEY_TOO_WEAK,
 * CSR_SIGNATURE_ALGORITHM_UNSUPPORTED, CSR_SIGNATURE_INVALID. Attributes and requested extensions are ignored.
 */
export function parseCsr(input: string | Uint8Array): ParsedCsr {
  checkCsrSize(input);
  const decoded = decodeCertificationRequest(csrInputToDer(input));
  for (const validate of CSR_VALIDATORS) validate(decoded);
  return {
    der: decoded.der,
    spki: decoded.spki,
    key: classifyCsrKey(decoded.spki),
    signatureAlgorithm: signatureAlgorithmFromOid(decoded.signatureAlgorithmOid) as SignatureAlgorithm,
    requestedSubject: decoded.requestedSubject,
  };
}
