import * as x509 from '../x509';
import { certificateParts } from '../asn1/certificate-parts';
import { decodePemBlocks, looksLikePem } from '../asn1/pem';
import { ensureCryptoProvider } from '../crypto-provider';
import { CertificateMalformed } from '../errors';

/**
 * Reads one X.509 certificate from PEM (exactly one CERTIFICATE block) or DER. Throws `CertificateMalformed`
 * for anything else, including trailing bytes after the DER.
 */
export function readCertificate(input: string | Uint8Array | x509.X509Certificate): x509.X509Certificate {
  if (input instanceof x509.X509Certificate) return input;
  ensureCryptoProvider();
  const der = certificateDer(input);
  try {
    certificateParts(der);
    const certificate = new x509.X509Certificate(der);
    // Extensions and names are decoded lazily by @peculiar/x509: decode them here, so a malformed one is refused
    // now with a code instead of throwing a raw ASN.1 error later in whoever reads it.
    void certificate.extensions.map((extension) => extension.type);
    void certificate.subjectName.toJSON();
    void certificate.issuerName.toJSON();
    return certificate;
  } catch (error) {
    throw new CertificateMalformed(`certificate is not well-formed X.509 (${(error as Error).message})`);
  }
}

function certificateDer(input: string | Uint8Array): Buffer {
  if (!looksLikePem(input)) {
    if (typeof input === 'string') throw new CertificateMalformed('certificate is neither PEM nor DER');
    return Buffer.from(input);
  }
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  let blocks;
  try {
    blocks = decodePemBlocks(text);
  } catch (error) {
    throw new CertificateMalformed((error as Error).message);
  }
  if (blocks.length !== 1 || blocks[0].label !== 'CERTIFICATE') {
    throw new CertificateMalformed('expected exactly one PEM CERTIFICATE block');
  }
  return blocks[0].der;
}
