import type { AccessDenyReason } from '@paspoort/contracts';
import * as x509 from '../x509';
import { readCertificate } from './read-certificate';
import { verifyCertificateSignature } from './certificate-signature';

/** Why a presented certificate is refused by the chain check. */
export type ChainRefusal = Extract<AccessDenyReason, 'NOT_ISSUED_BY_ENVIRONMENT_CA' | 'CERTIFICATE_EXPIRED'>;

/** Outcome of `verifyClientCertificate`. */
export type ClientCertificateVerdict =
  { ok: true; certificate: x509.X509Certificate } | { ok: false; reason: ChainRefusal; detail: string };

/** The environment's chain and the instant to judge validity at. */
export interface ChainContext {
  issuingCa: x509.X509Certificate;
  rootCa?: x509.X509Certificate;
  now: Date;
}

/**
 * Checks a client certificate against ONE environment's chain. `NOT_ISSUED_BY_ENVIRONMENT_CA` when the issuer
 * name differs from this issuing CA's subject, the signature does not verify with its key, the certificate is
 * itself a CA, or the issuing CA is not signed by `rootCa`; otherwise `CERTIFICATE_EXPIRED` when `now` is
 * outside the certificate's (or the issuing CA's) validity. Status (blocked/revoked) is not judged here.
 * Throws `CertificateMalformed` when the input is not a certificate.
 */
export function verifyClientCertificate(
  input: string | Uint8Array | x509.X509Certificate,
  context: ChainContext,
): ClientCertificateVerdict {
  const certificate = readCertificate(input);
  const refusal = issuanceRefusal(certificate, context) ?? validityRefusal(certificate, context);
  return refusal ? { ok: false, ...refusal } : { ok: true, certificate };
}

function issuanceRefusal(certificate: x509.X509Certificate, context: ChainContext): Refusal | undefined {
  if (!verifyCertificateSignature(certificate, context.issuingCa)) {
    return { reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA', detail: 'not signed by this environment’s issuing CA' };
  }
  if (certificate.getExtension(x509.BasicConstraintsExtension)?.ca) {
    return { reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA', detail: 'a CA certificate is not a client certificate' };
  }
  if (context.rootCa && !verifyCertificateSignature(context.issuingCa, context.rootCa)) {
    return { reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA', detail: 'issuing CA is not signed by the root' };
  }
  return undefined;
}

type Refusal = { reason: ChainRefusal; detail: string };

function validityRefusal(certificate: x509.X509Certificate, context: ChainContext): Refusal | undefined {
  for (const [what, cert] of [
    ['certificate', certificate],
    ['issuing CA', context.issuingCa],
  ] as const) {
    if (context.now < cert.notBefore) return { reason: 'CERTIFICATE_EXPIRED', detail: `${what} is not yet valid` };
    if (context.now > cert.notAfter) return { reason: 'CERTIFICATE_EXPIRED', detail: `${what} has expired` };
  }
  return undefined;
}
