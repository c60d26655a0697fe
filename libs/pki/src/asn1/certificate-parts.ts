import { createHash } from 'node:crypto';
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

/**
 * Splits certificate DER into its signed parts with the strict DER slicer only (no schema parse: this runs on every
 * presented certificate and every chain check). Throws RangeError on malformed input.
 */
export function certificateParts(der: Uint8Array): CertificateParts {
  const [tbs, algorithm, signatureBits, ...rest] = derChildren(der);
  if (!signatureBits || rest.length > 0 || tbs[0] !== 0x30 || algorithm[0] !== 0x30 || signatureBits[0] !== 0x03) {
    throw new RangeError('certificate: not a SEQUENCE of tbsCertificate, signatureAlgorithm, signatureValue');
  }
  const fields = derChildren(tbs);
  const offset = fields[0][0] === 0xa0 ? 1 : 0;
  if (fields.length < offset + 6 || fields[offset][0] !== 0x02) throw new RangeError('certificate: malformed tbsCertificate');
  const [oid, parameters, ...extra] = derChildren(algorithm);
  if (oid?.[0] !== 0x06 || extra.length > 0) throw new RangeError('certificate: malformed signatureAlgorithm');
  const bits = derContent(signatureBits);
  if (bits.length < 1 || bits[0] !== 0) throw new RangeError('certificate: signature BIT STRING has unused bits');
  return {
    tbs,
    serial: derContent(fields[offset]),
    issuer: fields[offset + 2],
    subject: fields[offset + 4],
    spki: fields[offset + 5],
    signatureAlgorithmOid: decodeOid(derContent(oid)),
    signatureAlgorithmParameters: parameters ? new Uint8Array(parameters).buffer : undefined,
    signature: new Uint8Array(bits.subarray(1)),
  };
}

/** Dotted text of OBJECT IDENTIFIER content octets (X.690 §8.19). */
export function decodeOid(content: Uint8Array): string {
  if (content.length === 0 || content[content.length - 1] & 0x80) throw new RangeError('OID: truncated');
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs[0] < 40n ? 0n : arcs[0] < 80n ? 1n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
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
