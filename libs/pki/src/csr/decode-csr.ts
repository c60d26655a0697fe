import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import * as x509 from '../x509';
import { derChildren, firstChildOfSequence } from '../asn1/der';
import { decodePemBlocks, looksLikePem } from '../asn1/pem';
import { CsrMalformed, CsrTooLarge } from '../errors';

/** Largest CSR accepted, PEM or DER: 16 KiB. */
export const MAX_CSR_BYTES = 16 * 1024;

const CSR_PEM_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

/** A structurally valid PKCS#10 request, before any policy check. */
export interface DecodedCsr {
  der: Buffer;
  /** Exact DER of certificationRequestInfo: the bytes the self-signature covers. */
  signedBytes: Uint8Array;
  version: number;
  spki: Buffer;
  signatureAlgorithmOid: string;
  signatureAlgorithmParameters: ArrayBuffer | null | undefined;
  signature: Uint8Array;
  requestedSubject: string;
}

/** Refuses input above `MAX_CSR_BYTES` before any parsing. */
export function checkCsrSize(input: string | Uint8Array): void {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > MAX_CSR_BYTES) throw new CsrTooLarge(`CSR is ${size} bytes; at most ${MAX_CSR_BYTES} are accepted`);
}

/** PEM (exactly one PEM block, a CERTIFICATE REQUEST) or raw DER → DER bytes. */
export function csrInputToDer(input: string | Uint8Array): Buffer {
  if (!looksLikePem(input)) {
    if (typeof input === 'string') throw new CsrMalformed('CSR is neither PEM nor DER');
    return Buffer.from(input);
  }
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  const blocks = tryDecode(() => decodePemBlocks(text));
  if (blocks.length !== 1) throw new CsrMalformed(`expected exactly one PEM block, found ${blocks.length}`);
  if (!CSR_PEM_LABELS.includes(blocks[0].label)) throw new CsrMalformed(`PEM block is a ${blocks[0].label}, not a CERTIFICATE REQUEST`);
  return blocks[0].der;
}

/** Parses DER PKCS#10; refuses trailing bytes, truncation and anything that is not a CertificationRequest. */
export function decodeCertificationRequest(der: Buffer): DecodedCsr {
  if (der.length === 0) throw new CsrMalformed('CSR is empty');
  const signedBytes = tryDecode(() => firstChildOfSequence(der));
  const request = tryDecode(() => AsnConvert.parse(der, CertificationRequest));
  const info = request.certificationRequestInfo;
  return {
    der,
    signedBytes,
    version: info.version,
    spki: Buffer.from(tryDecode(() => derChildren(signedBytes)[2])),
    signatureAlgorithmOid: request.signatureAlgorithm.algorithm,
    signatureAlgorithmParameters: request.signatureAlgorithm.parameters,
    signature: new Uint8Array(request.signature),
    requestedSubject: tryDecode(() => new x509.Name(info.subject).toString()),
  };
}

function tryDecode<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof CsrMalformed) throw error;
    throw new CsrMalformed(`CSR is not a well-formed PKCS#10 request (${(error as Error).message})`);
  }
}
