import * as x509 from '../x509';
import { keyIdentifier } from '../asn1/certificate-parts';
import { CaInvalid, PkiError } from '../errors';
import { exportSpki, importCaKeyPair } from '../keys/key-codec';
import { readCertificate } from '../verify/read-certificate';
import { verifyCertificateSignature } from '../verify/certificate-signature';
import type { CryptoKeyPair } from '../keys/web-crypto-types';

/** A CA certificate with its key pair, ready to sign. */
export interface ImportedCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

/**
 * Imports an existing CA from PEM files. Checks: the certificate parses; basicConstraints says CA;
 * keyUsage (when present) allows keyCertSign and cRLSign; the key is ECDSA P-256/P-384 (`CA_KEY_UNSUPPORTED`
 * otherwise) and is the certificate's key; when `issuer` is given, the certificate is signed by it.
 * Any other failure throws `CaInvalid`.
 */
export async function importCaFromPem(
  certPem: string,
  keyPem: string,
  options: { issuer?: x509.X509Certificate; extractable?: boolean } = {},
): Promise<ImportedCa> {
  const certificate = readCaCertificate(certPem);
  assertIsCa(certificate);
  const keys = await importCaKeyPair(keyPem, options.extractable ?? false);
  const keySpki = await exportSpki(keys.publicKey);
  if (keyIdentifier(keySpki) !== keyIdentifier(new Uint8Array(certificate.publicKey.rawData))) {
    throw new CaInvalid('CA private key does not belong to the CA certificate');
  }
  if (options.issuer && !verifyCertificateSignature(certificate, options.issuer)) {
    throw new CaInvalid('CA certificate is not signed by the given issuer');
  }
  return { certificate, keys };
}

function readCaCertificate(certPem: string): x509.X509Certificate {
  try {
    return readCertificate(certPem);
  } catch (error) {
    throw new CaInvalid(`CA certificate cannot be read: ${(error as PkiError).message}`);
  }
}

function assertIsCa(certificate: x509.X509Certificate): void {
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (!constraints?.ca) throw new CaInvalid('certificate is not a CA (basicConstraints CA:TRUE missing)');
  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  const needed = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;
  if (usage && (usage.usages & needed) !== needed) throw new CaInvalid('CA keyUsage must include keyCertSign and cRLSign');
}
