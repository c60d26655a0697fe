/** The service's validated CommonConfig. */
export const COMMON_CONFIG = Symbol('COMMON_CONFIG');

/** Route metadata: no bearer token needed (health, metrics, JWKS, CRL, OCSP, CA chains, pages). */
export const PUBLIC_ROUTE = 'paspoort:public-route';
