import type { Environment } from '@paspoort/contracts';
import { PkiConfigInvalid } from '../errors';

/** The URLs written into an end-entity certificate of one environment. */
export interface CertificateUrls {
  crl: string;
  ocsp: string;
  caIssuers: string;
  cps: string;
}

/**
 * URLs derived from `PASPOORT_ISSUER_PUBLIC_URL`: `${publicUrl}/crl/${env}.crl`, `${publicUrl}/ocsp/${env}`,
 * `${publicUrl}/ca/${env}/chain.pem` and (unless given) `${publicUrl}/cps`. A trailing slash is ignored.
 * Throws `PkiConfigInvalid` unless publicUrl is an absolute http(s) URL without query or fragment.
 */
export function certificateUrls(publicUrl: string, environment: Environment, cpsUri?: string): CertificateUrls {
  const base = checkedBaseUrl(publicUrl);
  return {
    crl: `${base}/crl/${environment}.crl`,
    ocsp: `${base}/ocsp/${environment}`,
    caIssuers: `${base}/ca/${environment}/chain.pem`,
    cps: cpsUri ?? `${base}/cps`,
  };
}

function checkedBaseUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new PkiConfigInvalid(`public URL ${JSON.stringify(publicUrl)} is not an absolute URL`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new PkiConfigInvalid('public URL must be http(s) without query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}
