/**
 * @paspoort/pki — the pure certificate-authority core: keys, CA hierarchy, CSR checks, issuance, CRL, OCSP and
 * chain checks. No framework, no database, no I/O beyond node:crypto. Time and randomness are injected.
 */
export * from './errors';
export * from './clock';
export type { CryptoKey, CryptoKeyPair } from './keys/web-crypto-types';
export { encodePem, decodePemBlocks, type PemBlock } from './asn1/pem';
export { keyIdentifier } from './asn1/certificate-parts';
export * from './keys/ca-key-pair';
export * from './keys/key-encryption';
export * from './keys/key-codec';
export * from './serial/serial';
export * from './signature/signature-algorithms';
export * from './signature/verify-signature';
export * from './policy/policy-oids';
export * from './holder/holder';
export * from './holder/holder-subject';
export { MAX_CSR_BYTES } from './csr/decode-csr';
export * from './csr/csr-key-policy';
export * from './csr/parse-csr';
export * from './ca/build-ca';
export * from './ca/import-ca';
export * from './issue/issue-certificate';
export * from './issue/public-urls';
export { MAX_VALIDITY_DAYS } from './issue/validity';
export * from './crl/build-crl';
export * from './ocsp/cert-id';
export * from './ocsp/ocsp-request';
export * from './ocsp/ocsp-response';
export * from './ocsp/ocsp-status';
export * from './verify/read-certificate';
export * from './verify/certificate-signature';
export * from './verify/verify-client-certificate';
export * from './verify/describe-certificate';
