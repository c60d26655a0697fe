import { CertID, id_pkix_ocsp_nonce, OCSPRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';
import { derChildren, readDerElement } from '../asn1/der';
import { OcspMalformed } from '../errors';
import { formatSerial } from '../serial/serial';
import { ocspHashAlgorithmFromOid, type OcspCertId } from './cert-id';

/** Largest OCSP request accepted. */
export const MAX_OCSP_REQUEST_BYTES = 8 * 1024;
/** Most CertIDs answered in one request. */
export const MAX_OCSP_CERT_IDS = 16;
/** Largest nonce extension value echoed: an OCTET STRING of at most 32 octets (RFC 8954). */
const MAX_NONCE_VALUE_BYTES = 34;

/** A parsed OCSP request. `nonce` is the nonce extension value as sent, to echo verbatim. */
export interface OcspRequestInfo {
  certIds: OcspCertId[];
  nonce?: Buffer;
}

/**
 * Parses a DER OCSPRequest (RFC 6960 §4.1). Throws `OcspMalformed` (answer `malformedRequest`) for anything
 * that is not exactly one well-formed request with 1–16 CertIDs using SHA-1/SHA-2 and positive serials.
 * A nonce longer than RFC 8954's 32 octets is ignored, as §2.1 of that RFC allows.
 */
export function parseOcspRequest(der: Uint8Array): OcspRequestInfo {
  if (der.length === 0 || der.length > MAX_OCSP_REQUEST_BYTES) throw new OcspMalformed(`request size ${der.length} out of range`);
  try {
    const request = AsnConvert.parse(der, OCSPRequest);
    const certIds = requestCertIdDers(der).map(certIdFromDer);
    const count = request.tbsRequest.requestList.length;
    if (count === 0 || count > MAX_OCSP_CERT_IDS) throw new OcspMalformed(`request lists ${count} certificates`);
    return { certIds, nonce: nonceOf(request) };
  } catch (error) {
    if (error instanceof OcspMalformed) throw error;
    throw new OcspMalformed(`OCSP request is malformed (${(error as Error).message})`);
  }
}

/** Raw CertID DER of every Request in the requestList (the first SEQUENCE inside tbsRequest). */
function requestCertIdDers(der: Uint8Array): Uint8Array[] {
  const outer = readDerElement(der, 0);
  if (outer.end !== der.length) throw new OcspMalformed('trailing bytes after the OCSP request');
  const [tbsRequest] = derChildren(der);
  const requestList = derChildren(tbsRequest).find((field) => field[0] === 0x30);
  if (!requestList) throw new OcspMalformed('no requestList');
  return derChildren(requestList).map((request) => derChildren(request)[0]);
}

function certIdFromDer(der: Uint8Array): OcspCertId {
  const certId = AsnConvert.parse(der, CertID);
  const hashAlgorithm = ocspHashAlgorithmFromOid(certId.hashAlgorithm.algorithm);
  if (!hashAlgorithm) throw new OcspMalformed(`unsupported CertID hash algorithm ${certId.hashAlgorithm.algorithm}`);
  const serial = new Uint8Array(certId.serialNumber);
  if (serial.length === 0 || serial[0] & 0x80) throw new OcspMalformed('CertID serial is not a positive integer');
  return {
    hashAlgorithm,
    issuerNameHash: Buffer.from(certId.issuerNameHash.buffer),
    issuerKeyHash: Buffer.from(certId.issuerKeyHash.buffer),
    serial: formatSerial(serial),
    der: Buffer.from(der),
  };
}

function nonceOf(request: OCSPRequest): Buffer | undefined {
  const extension = request.tbsRequest.requestExtensions?.find((ext) => ext.extnID === id_pkix_ocsp_nonce);
  if (!extension) return undefined;
  const value = Buffer.from(extension.extnValue.buffer);
  return value.length > 0 && value.length <= MAX_NONCE_VALUE_BYTES ? value : undefined;
}
