import { ENVIRONMENTS, type Environment } from '@paspoort/contracts';
import { EnvReader, readCommonConfig, type CommonConfig } from '@paspoort/service-kit';

/** Ports of one listener kind, per environment (0 = any free port, for tests). */
export type ListenerPorts = Record<Environment, number>;

export interface TlsSettings {
  enabled: boolean;
  certFile: string;
  keyFile: string;
  portalPorts: ListenerPorts;
  systemPorts: ListenerPorts;
  /** Peers whose PROXY protocol v1 header is honoured; from anyone else a PROXY header closes the connection. */
  trustedLoadBalancers: string[];
}

/** The authn service's whole configuration, read and validated once at boot (the only place that reads env). */
export interface AuthnConfig {
  common: CommonConfig;
  totpKek: Buffer;
  tokenKek: Buffer;
  tls: TlsSettings;
  tokenTtlSeconds: number;
  sessionTtlSeconds: number;
  totpMaxFailures: number;
  totpLockMinutes: number;
}

export const AUTHN_CONFIG = Symbol('AUTHN_CONFIG');

export function loadAuthnConfig(env: NodeJS.ProcessEnv = process.env): AuthnConfig {
  const r = new EnvReader(env);
  const common = readCommonConfig(r, 'authn');
  const enabled = r.string('PASPOORT_TLS_LISTENERS', 'on') !== 'off';
  const config: AuthnConfig = {
    common,
    totpKek: r.key32('PASPOORT_TOTP_KEK', true) ?? Buffer.alloc(32),
    tokenKek: r.key32('PASPOORT_TOKEN_KEK', true) ?? Buffer.alloc(32),
    tls: {
      enabled,
      certFile: enabled ? r.string('PASPOORT_TLS_CERT_FILE') : '',
      keyFile: enabled ? r.string('PASPOORT_TLS_KEY_FILE') : '',
      portalPorts: ports(r, 'PASPOORT_PORTAL_PORTS', [8443, 8453, 8463]),
      systemPorts: ports(r, 'PASPOORT_SYSTEM_PORTS', [8444, 8454, 8464]),
      trustedLoadBalancers: r.list('PASPOORT_TRUSTED_LOAD_BALANCERS', []),
    },
    tokenTtlSeconds: r.int('PASPOORT_TOKEN_TTL_SECONDS', 900, 60, 86400),
    sessionTtlSeconds: r.int('PASPOORT_SESSION_TTL_SECONDS', 1800, 60, 86400),
    totpMaxFailures: r.int('PASPOORT_TOTP_MAX_FAILURES', 5, 1, 100),
    totpLockMinutes: r.int('PASPOORT_TOTP_LOCK_MINUTES', 15, 1, 10080),
  };
  r.done();
  return config;
}

/** Three ports in the order test, acceptance, production. */
function ports(r: EnvReader, name: string, fallback: number[]): ListenerPorts {
  const raw = r.list(name, fallback.map(String)).map(Number);
  const valid = raw.length === 3 && raw.every((p) => Number.isInteger(p) && p >= 0 && p <= 65535);
  r.check(valid, `${name} must be three ports (test, acceptance, production), 0 for any free port`);
  const list = valid ? raw : fallback;
  return Object.fromEntries(ENVIRONMENTS.map((e, i) => [e, list[i]])) as ListenerPorts;
}
