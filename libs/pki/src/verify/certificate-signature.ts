import type * as x509 from '../x509';
import { certificateParts } from '../asn1/certificate-parts';
import { signatureAlgorithmFromOid, signatureParametersAcceptable } from '../signature/signature-algorithms';
import { verifySignature } from '../signature/verify-signature';

/**
 * True when `certificate`'s signature verifies with `issuer`'s public key under a supported algorithm and the
 * certificate's issuer name is byte-for-byte the issuer's subject name.
 */
export function verifyCertificateSignature(certificate: x509.X509Certificate, issuer: x509.X509Certificate): boolean {
  const parts = certificateParts(new Uint8Array(certificate.rawData));
  const issuerParts = certificateParts(new Uint8Array(issuer.rawData));
  if (!Buffer.from(parts.issuer).equals(issuerParts.subject)) return false;
  const algorithm = signatureAlgorithmFromOid(parts.signatureAlgorithmOid);
  if (!algorithm || !signatureParametersAcceptable(algorithm, parts.signatureAlgorithmParameters)) return false;
  return verifySignature({ spki: issuerParts.spki, algorithm, data: parts.tbs, signature: parts.signature });
}
