/**
 * Typed domain errors of the CA core. Every error carries a stable machine-readable `code`
 * that services map to HTTP answers (`{ error: { code, message } }`) or DLQ reasons.
 * Messages never contain key material.
 */
export abstract class PkiError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The CSR is not one PEM `CERTIFICATE REQUEST` block or DER PKCS#10 structure. */
export class CsrMalformed extends PkiError {
  readonly code = 'CSR_MALFORMED';
}
/** The CSR is larger than the accepted maximum (16 KiB). */
export class CsrTooLarge extends PkiError {
  readonly code = 'CSR_TOO_LARGE';
}
/** The CSR's self-signature does not verify: no proof of possession of the private key. */
export class CsrSignatureInvalid extends PkiError {
  readonly code = 'CSR_SIGNATURE_INVALID';
}
/** The CSR's public key is not ECDSA P-256/P-384 or RSA 2048–4096. */
export class CsrKeyUnsupported extends PkiError {
  readonly code = 'CSR_KEY_UNSUPPORTED';
}
/** The CSR's RSA key is shorter than 2048 bits. */
export class CsrKeyTooWeak extends PkiError {
  readonly code = 'CSR_KEY_TOO_WEAK';
}
/** The CSR is signed with an algorithm outside the accepted list. */
export class CsrSignatureAlgorithmUnsupported extends PkiError {
  readonly code = 'CSR_SIGNATURE_ALGORITHM_UNSUPPORTED';
}
/** A holder field is missing, too long, or contains characters outside its alphabet. */
export class HolderInvalid extends PkiError {
  readonly code = 'HOLDER_INVALID';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`holder.${field}: ${message}`);
  }
}
/** A serial number is not a positive integer of at most 20 octets. */
export class SerialInvalid extends PkiError {
  readonly code = 'SERIAL_INVALID';
}
/** A requested validity window is empty or outside what the issuing CA can cover. */
export class ValidityInvalid extends PkiError {
  readonly code = 'VALIDITY_INVALID';
}
/** The key-encryption key is not 32 bytes. */
export class KeyEncryptionKeyInvalid extends PkiError {
  readonly code = 'KEK_INVALID';
}
/** An encrypted private key could not be decrypted: wrong key, wrong label, tampered or unknown format. */
export class KeyDecryptionFailed extends PkiError {
  readonly code = 'KEY_DECRYPTION_FAILED';
}
/** A private key is not an ECDSA P-256/P-384 key, or cannot be read. */
export class CaKeyUnsupported extends PkiError {
  readonly code = 'CA_KEY_UNSUPPORTED';
}
/** An imported CA certificate is not a usable CA, or its key does not match it. */
export class CaInvalid extends PkiError {
  readonly code = 'CA_INVALID';
}
/** A certificate is not parseable X.509 (PEM or DER). */
export class CertificateMalformed extends PkiError {
  readonly code = 'CERTIFICATE_MALFORMED';
}
/** A certificate carries neither a known policy OID nor subject attributes of a profile. */
export class CertificateProfileUnknown extends PkiError {
  readonly code = 'CERTIFICATE_PROFILE_UNKNOWN';
}
/** CRL input (entries, numbers, dates) is inconsistent. */
export class CrlInvalid extends PkiError {
  readonly code = 'CRL_INVALID';
}
/** An OCSP request is not a well-formed RFC 6960 OCSPRequest; answer `malformedRequest`. */
export class OcspMalformed extends PkiError {
  readonly code = 'OCSP_MALFORMED';
}
/** Configuration handed to the CA core (public URL, policy OIDs) is unusable. */
export class PkiConfigInvalid extends PkiError {
  readonly code = 'PKI_CONFIG_INVALID';
}
