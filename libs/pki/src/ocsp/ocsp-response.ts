import { createHash, sign } from 'node:crypto';
import { CRL_REASON_CODES } from '@paspoort/contracts';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  KeyHash,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, CRLReason, Extension } from '@peculiar/asn1-x509';
import type * as x509 from '../x509';
import { subjectPublicKeyBits } from '../asn1/certificate-parts';
import { signingAlgorithmFor } from '../keys/ca-key-pair';
import { toKeyObject } from '../keys/key-codec';
import { truncateToSeconds } from '../time';
import type { OcspCertId } from './cert-id';
import type { OcspCertStatus } from './ocsp-status';
import type { CryptoKeyPair } from '../keys/web-crypto-types';

const ECDSA_OIDS = { 'SHA-256': '1.2.840.10045.4.3.2', 'SHA-384': '1.2.840.10045.4.3.3' } as const;

/** One answered CertID. */
export interface OcspResult {
  certId: OcspCertId;
  status: OcspCertStatus;
}

/** Input of `buildOcspResponse`. The issuing CA answers for its own certificates (no delegated responder). */
export interface BuildOcspResponseParams {
  responderCert: x509.X509Certificate;
  responderKeys: Pick<CryptoKeyPair, 'privateKey'>;
  results: readonly OcspResult[];
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** The request's nonce extension value, echoed verbatim when present. */
  nonce?: Buffer;
  /** Include the responder certificate in `certs` (default true) so clients can find the signer. */
  includeResponderCert?: boolean;
}

/** OCSPResponse status names other than `successful`, for error answers. */
export type OcspErrorStatus = 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

/**
 * A successful OCSPResponse (RFC 6960 §4.2) wrapping a BasicOCSPResponse signed by the responder key, as DER.
 * ResponderID is byKey (SHA-1 of the responder key bits); each CertID is echoed byte-for-byte; times are
 * whole seconds; `unspecified` revocations carry no reason, as in the CRL.
 */
export function buildOcspResponse(params: BuildOcspResponseParams): Buffer {
  const tbsResponseData = new ResponseData({
    responderID: new ResponderID({ byKey: new KeyHash(responderKeyHash(params.responderCert)) }),
    producedAt: truncateToSeconds(params.producedAt),
    responses: params.results.map((result) => singleResponse(result, params)),
    responseExtensions: params.nonce
      ? [new Extension({ extnID: id_pkix_ocsp_nonce, extnValue: new OctetString(params.nonce) })]
      : undefined,
  });
  const basic = signResponseData(tbsResponseData, params);
  const responseBytes = new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) });
  return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus.successful, responseBytes })));
}

/** An unsuccessful OCSPResponse with only its status (RFC 6960 §4.2.1), as DER. */
export function buildOcspError(status: OcspErrorStatus): Buffer {
  return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus[status] })));
}

function signResponseData(tbsResponseData: ResponseData, params: BuildOcspResponseParams): BasicOCSPResponse {
  const { hash } = signingAlgorithmFor(params.responderKeys.privateKey);
  const tbs = Buffer.from(AsnConvert.serialize(tbsResponseData));
  const key = toKeyObject(params.responderKeys.privateKey);
  const signature = sign(hash.replace('-', '').toLowerCase(), tbs, { key, dsaEncoding: 'der' });
  const certs = params.includeResponderCert === false ? undefined : [AsnConvert.parse(params.responderCert.rawData, Certificate)];
  return new BasicOCSPResponse({
    tbsResponseData,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_OIDS[hash] }),
    signature: new Uint8Array(signature).buffer,
    certs,
  });
}

function singleResponse(result: OcspResult, params: BuildOcspResponseParams): SingleResponse {
  return new SingleResponse({
    certID: AsnConvert.parse(result.certId.der, CertID),
    certStatus: certStatus(result.status),
    thisUpdate: truncateToSeconds(params.thisUpdate),
    nextUpdate: params.nextUpdate ? truncateToSeconds(params.nextUpdate) : undefined,
  });
}

function certStatus(status: OcspCertStatus): CertStatus {
  if (status.kind === 'good') return new CertStatus({ good: null });
  if (status.kind === 'unknown') return new CertStatus({ unknown: null });
  const code = CRL_REASON_CODES[status.reason];
  const revocationReason = code === 0 ? undefined : new CRLReason(code);
  return new CertStatus({ revoked: new RevokedInfo({ revocationTime: truncateToSeconds(status.revokedAt), revocationReason }) });
}

function responderKeyHash(responderCert: x509.X509Certificate): ArrayBuffer {
  const bits = subjectPublicKeyBits(new Uint8Array(responderCert.publicKey.rawData));
  return new Uint8Array(createHash('sha1').update(bits).digest()).buffer;
}
