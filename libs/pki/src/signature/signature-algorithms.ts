/** Signature algorithms Paspoort verifies (CSR proof of possession, certificate chains). RSA-PSS and SHA-1 are refused. */
export const SIGNATURE_ALGORITHMS = {
  'ecdsa-with-SHA256': { oid: '1.2.840.10045.4.3.2', keyType: 'ec', hash: 'sha256' },
  'ecdsa-with-SHA384': { oid: '1.2.840.10045.4.3.3', keyType: 'ec', hash: 'sha384' },
  'ecdsa-with-SHA512': { oid: '1.2.840.10045.4.3.4', keyType: 'ec', hash: 'sha512' },
  sha256WithRSAEncryption: { oid: '1.2.840.113549.1.1.11', keyType: 'rsa', hash: 'sha256' },
  sha384WithRSAEncryption: { oid: '1.2.840.113549.1.1.12', keyType: 'rsa', hash: 'sha384' },
  sha512WithRSAEncryption: { oid: '1.2.840.113549.1.1.13', keyType: 'rsa', hash: 'sha512' },
} as const;

export type SignatureAlgorithm = keyof typeof SIGNATURE_ALGORITHMS;

/** The supported algorithm with this OID, or undefined. */
export function signatureAlgorithmFromOid(oid: string): SignatureAlgorithm | undefined {
  const names = Object.keys(SIGNATURE_ALGORITHMS) as SignatureAlgorithm[];
  return names.find((name) => SIGNATURE_ALGORITHMS[name].oid === oid);
}

/**
 * True when the AlgorithmIdentifier parameters are as RFC 5758 / RFC 4055 require: absent for ECDSA,
 * absent or NULL for PKCS#1 v1.5.
 */
export function signatureParametersAcceptable(algorithm: SignatureAlgorithm, parameters: ArrayBuffer | null | undefined): boolean {
  if (parameters === null || parameters === undefined) return true;
  const bytes = new Uint8Array(parameters);
  const isNull = bytes.length === 2 && bytes[0] === 0x05 && bytes[1] === 0x00;
  return SIGNATURE_ALGORITHMS[algorithm].keyType === 'rsa' && isNull;
}
