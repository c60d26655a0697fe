import { createHash } from 'node:crypto';
import type * as x509 from '../x509';
import { certificateParts, subjectPublicKeyBits } from '../asn1/certificate-parts';

/** Hash algorithms a CertID may use (RFC 6960 §4.1.1; SHA-1 is still what most clients send). */
export const OCSP_HASH_ALGORITHMS = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;
export type OcspHashAlgorithm = keyof typeof OCSP_HASH_ALGORITHMS;

/** One CertID of an OCSP request. `der` is the exact CertID as requested, echoed verbatim in the answer. */
export interface OcspCertId {
  hashAlgorithm: OcspHashAlgorithm;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  /** As `openssl x509 -noout -serial` prints it, lower-cased. */
  serial: string;
  der: Buffer;
}

/** The issuerNameHash and issuerKeyHash a CertID made with `hashAlgorithm` would carry for `issuer`. */
export function issuerHashes(issuer: x509.X509Certificate, hashAlgorithm: OcspHashAlgorithm): { nameHash: Buffer; keyHash: Buffer } {
  const parts = certificateParts(new Uint8Array(issuer.rawData));
  return {
    nameHash: createHash(hashAlgorithm).update(parts.subject).digest(),
    keyHash: createHash(hashAlgorithm).update(subjectPublicKeyBits(parts.spki)).digest(),
  };
}

/** True when the CertID names `issuingCa` as issuer (name hash over its subject DER, key hash over its key bits). */
export function certIdMatchesIssuer(certId: OcspCertId, issuingCa: x509.X509Certificate): boolean {
  const { nameHash, keyHash } = issuerHashes(issuingCa, certId.hashAlgorithm);
  return nameHash.equals(certId.issuerNameHash) && keyHash.equals(certId.issuerKeyHash);
}

/** The hash algorithm name of an OID, or undefined when unsupported. */
export function ocspHashAlgorithmFromOid(oid: string): OcspHashAlgorithm | undefined {
  const names = Object.keys(OCSP_HASH_ALGORITHMS) as OcspHashAlgorithm[];
  return names.find((name) => OCSP_HASH_ALGORITHMS[name] === oid);
}
