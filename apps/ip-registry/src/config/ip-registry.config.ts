import { DEFAULT_MIN_PREFIX_V4, DEFAULT_MIN_PREFIX_V6 } from '@paspoort/ip-rules';
import { EnvReader, readCommonConfig, type CommonConfig } from '@paspoort/service-kit';

/** The ip-registry service's whole configuration, read and validated once at boot (the only place that reads env). */
export interface IpRegistryConfig {
  common: CommonConfig;
  registrations: RegistrationLimits;
}

export interface RegistrationLimits {
  /** Broadest IPv4 range accepted (prefix length); `PASPOORT_IP_MIN_PREFIX_V4`, default 24. */
  minPrefixV4: number;
  /** Broadest IPv6 range accepted (prefix length); `PASPOORT_IP_MIN_PREFIX_V6`, default 48. */
  minPrefixV6: number;
  /** Most current and future registrations one certificate may hold; `PASPOORT_IP_MAX_REGISTRATIONS`, default 256. */
  maxPerCertificate: number;
  /** How long an unknown serial waits for the status view to catch up; `PASPOORT_IP_CERTIFICATE_SYNC_MS`, default 2000. */
  certificateSyncMs: number;
}

export const IPREGISTRY_CONFIG = Symbol('IPREGISTRY_CONFIG');

export function loadIpRegistryConfig(env: NodeJS.ProcessEnv = process.env): IpRegistryConfig {
  const r = new EnvReader(env);
  const common = readCommonConfig(r, 'ip-registry');
  const registrations: RegistrationLimits = {
    minPrefixV4: r.int('PASPOORT_IP_MIN_PREFIX_V4', DEFAULT_MIN_PREFIX_V4, 0, 32),
    minPrefixV6: r.int('PASPOORT_IP_MIN_PREFIX_V6', DEFAULT_MIN_PREFIX_V6, 0, 128),
    maxPerCertificate: r.int('PASPOORT_IP_MAX_REGISTRATIONS', 256, 1, 10000),
    certificateSyncMs: r.int('PASPOORT_IP_CERTIFICATE_SYNC_MS', 2000, 0, 60000),
  };
  r.done();
  return { common, registrations };
}
