import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { derChildren, derContent } from './der';

/** The exact DER pieces of an X.509 certificate that signatures, name comparisons and key hashes use. */
export interface CertificateParts {
  tbs: Uint8Array;
  /** Raw DER Name of the issuer and of the subject (tag and length included). */
  issuer: Uint8Array;
  subject: Uint8Array;
  spki: Uint8Array;
  /** Content octets of the serial INTEGER (sign byte included). */
  serial: Uint8Array;
  signatureAlgorithmOid: string;
  signatureAlgorithmParameters: ArrayBuffer | null | undefined;
  signature: Uint8Array;
}

/** Splits certificate DER into its signed parts. Throws (RangeError or ASN.1 errors) on malformed input. */
export function certificateParts(der: Uint8Array): CertificateParts {
  const asn = AsnConvert.parse(der, Certificate);
  const [tbs] = derChildren(der);
  const fields = derChildren(tbs);
  const offset = fields[0][0] === 0xa0 ? 1 : 0;
  return {
    tbs,
    serial: derContent(fields[offset]),
    issuer: fields[offset + 2],
    subject: fields[offset + 4],
    spki: fields[offset + 5],
    signatureAlgorithmOid: asn.signatureAlgorithm.algorithm,
    signatureAlgorithmParameters: asn.signatureAlgorithm.parameters,
    signature: new Uint8Array(asn.signatureValue),
  };
}

/** The subjectPublicKey BIT STRING content (unused-bits octet dropped) of a DER SubjectPublicKeyInfo. */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const bitString = derContent(derChildren(spki)[1]);
  return bitString.subarray(1);
}

/** RFC 5280 §4.2.1.2 method 1 key identifier: SHA-1 of the subjectPublicKey bits, lower hex. */
export function keyIdentifier(spki: Uint8Array): string {
  return createHash('sha1').update(subjectPublicKeyBits(spki)).digest('hex');
}
