import * as x509 from '../x509';
import { keyIdentifier } from '../asn1/certificate-parts';
import { authorityKeyId, certificatePoliciesExtension } from '../ca/ca-extensions';
import type { CertificateUrls } from './public-urls';

/** What the end-entity extensions depend on. */
export interface LeafExtensionInput {
  holderSpki: Uint8Array;
  issuingCa: x509.X509Certificate;
  policyOid: string;
  urls: CertificateUrls;
}

/**
 * End-entity extensions (RFC 5280): basicConstraints CA:false (critical), keyUsage digitalSignature (critical),
 * extKeyUsage clientAuth, certificatePolicies (profile+environment OID with CPS qualifier), SKI, AKI,
 * cRLDistributionPoints and authorityInfoAccess (OCSP + caIssuers).
 */
export function leafExtensions(input: LeafExtensionInput): x509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
    certificatePoliciesExtension([input.policyOid], input.urls.cps),
    new x509.SubjectKeyIdentifierExtension(keyIdentifier(input.holderSpki)),
    new x509.AuthorityKeyIdentifierExtension(authorityKeyId(input.issuingCa)),
    new x509.CRLDistributionPointsExtension([input.urls.crl]),
    new x509.AuthorityInfoAccessExtension({ ocsp: input.urls.ocsp, caIssuers: input.urls.caIssuers }),
  ];
}
