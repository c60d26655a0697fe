import type { BlockCause, CertificateProfile, CertificateStatus, Environment, RevocationReason } from './codes';

/** Every state value carries its key, a per-key increasing revision and the instant of the change. */
export interface StateValueBase {
  key: string;
  revision: number;
  updatedAt: string;
}

/** `paspoort.certificate-status.v1`, key = serial. */
export interface CertificateStatusValue extends StateValueBase {
  serial: string;
  environment: Environment;
  profile: CertificateProfile;
  personId?: string;
  organisationId?: string;
  systemName?: string;
  fingerprintSha256?: string;
  status: CertificateStatus;
  blockCause?: BlockCause | null;
  revocationReason?: RevocationReason | null;
  changedAt: string;
  notAfter: string;
}

/** `paspoort.ca.v1`, key = environment. PEMs only: no private key ever travels. */
export interface CaChainValue extends StateValueBase {
  environment: Environment;
  /** The environment's issuing CA certificate (PEM). */
  issuingCaPem: string;
  /** The shared root CA certificate (PEM). */
  rootCaPem: string;
  /** issuing CA then root, PEM concatenated. */
  chainPem: string;
}

/** A public JWK as authn publishes it on `paspoort.token-keys.v1`, key = kid. */
export interface TokenKeyValue extends StateValueBase {
  kid: string;
  jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid: string; alg: 'ES256'; use: 'sig' };
  status: 'current' | 'previous' | 'retired';
  createdAt: string;
}

export interface IpRegistrationView {
  id: string;
  address: string;
  validFrom: string;
  validUntil: string | null;
}

/** `paspoort.ip-registration-state.v1`, key = serial: all current and future registrations. */
export interface IpRegistrationStateValue extends StateValueBase {
  kind: 'registrations';
  serial: string;
  environment: Environment;
  organisationId?: string;
  registrations: IpRegistrationView[];
}

/** `paspoort.ip-registration-state.v1`, key = `enforcement:<environment>`. */
export interface EnforcementStateValue extends StateValueBase {
  kind: 'enforcement';
  environment: Environment;
  enforcedFrom: string | null;
}

export type IpRegistrationStateTopicValue = IpRegistrationStateValue | EnforcementStateValue;

export function enforcementKey(environment: Environment): string {
  return `enforcement:${environment}`;
}
