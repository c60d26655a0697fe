import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificatePolicies, PolicyInformation, PolicyQualifierInfo, id_ce_certificatePolicies } from '@peculiar/asn1-x509';
import * as x509 from '../x509';
import { encodeIa5String } from '../asn1/der';
import { keyIdentifier } from '../asn1/certificate-parts';

/** id-qt-cps: the CPS pointer policy qualifier. */
const ID_QT_CPS = '1.3.6.1.5.5.7.2.1';

/** Extensions every CA certificate carries: CA basicConstraints and keyCertSign+cRLSign, both critical; SKI; AKI. */
export function caExtensions(subjectSpki: Uint8Array, authorityKeyIdHex: string, pathLength?: number): x509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    new x509.SubjectKeyIdentifierExtension(keyIdentifier(subjectSpki)),
    new x509.AuthorityKeyIdentifierExtension(authorityKeyIdHex),
  ];
}

/** Non-critical certificatePolicies with the given OIDs, each with a CPS URI qualifier when `cpsUri` is given. */
export function certificatePoliciesExtension(policyOids: readonly string[], cpsUri?: string): x509.Extension {
  const policies = new CertificatePolicies(
    policyOids.map(
      (policyIdentifier) =>
        new PolicyInformation({
          policyIdentifier,
          policyQualifiers: cpsUri
            ? [new PolicyQualifierInfo({ policyQualifierId: ID_QT_CPS, qualifier: toArrayBuffer(encodeIa5String(cpsUri)) })]
            : undefined,
        }),
    ),
  );
  return new x509.Extension(id_ce_certificatePolicies, false, AsnConvert.serialize(policies));
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The issuer's own SKI when it has one (so AKI matches it exactly), else its RFC 5280 method-1 key identifier. */
export function authorityKeyId(issuer: x509.X509Certificate): string {
  const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski?.keyId ?? keyIdentifier(new Uint8Array(issuer.publicKey.rawData));
}
