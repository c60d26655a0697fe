import { hostname } from 'node:os';
import type { ServiceName } from '@paspoort/contracts';

/** A configuration that failed validation; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects typed settings from an environment and remembers every problem, so all are reported together. */
export class EnvReader {
  readonly problems: string[] = [];
  /** Every variable name this reader was asked for: the service's config schema, for docs and drift tests. */
  readonly names = new Set<string>();
  constructor(private readonly env: Env) {}

  string(name: string, fallback?: string): string {
    this.names.add(name);
    const value = this.env[name]?.trim();
    if (value) return value;
    if (fallback === undefined) this.problems.push(`${name} is required`);
    return fallback ?? '';
  }

  optional(name: string): string | undefined {
    this.names.add(name);
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw.slice(0, 40)}")`);
      return fallback;
    }
    return value;
  }

  list(name: string, fallback: string[]): string[] {
    const raw = this.optional(name);
    return raw === undefined
      ? fallback
      : raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }

  /** A 32-byte key given as base64 or hex (64 hex characters). */
  key32(name: string, required: boolean): Buffer | undefined {
    const raw = this.optional(name);
    if (raw === undefined) {
      if (required) this.problems.push(`${name} is required (32 bytes, base64 or hex)`);
      return undefined;
    }
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) this.problems.push(`${name} must be 32 bytes, base64 or hex encoded`);
    return key;
  }

  check(condition: boolean, problem: string): void {
    if (!condition) this.problems.push(problem);
  }

  /** Throws ConfigError when any setting was missing or bad. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

export interface DatabaseSettings {
  url: string;
  poolSize: number;
}

/** Settings every service shares. */
export interface CommonConfig {
  service: ServiceName;
  schema: string;
  host: string;
  port: number;
  instanceId: string;
  database: DatabaseSettings;
  kafka: { brokers: string[]; topicPrefix: string; partitions: number };
  bootstrapToken?: string;
  trustedProxies: string[];
  freshnessLimitMs: number;
  stateCheckIntervalMs: number;
  bodyLimit: string;
  logLevel: string;
}

const DEFAULT_PORTS: Record<ServiceName, number> = { issuer: 3001, authn: 3002, 'ip-registry': 3003, audit: 3004 };

function envName(service: ServiceName): string {
  return service.toUpperCase().replace('-', '_');
}

/** DATABASE_URL, else the standard PG* variables, else the local server. */
function databaseUrl(r: EnvReader): string {
  const url = r.optional('DATABASE_URL');
  if (url) return url;
  const user = encodeURIComponent(r.string('PGUSER', 'postgres'));
  const password = r.optional('PGPASSWORD');
  const auth = password ? `${user}:${encodeURIComponent(password)}` : user;
  return `postgres://${auth}@${r.string('PGHOST', '127.0.0.1')}:${r.int('PGPORT', 5432, 1, 65535)}/${r.string('PGDATABASE', 'paspoort')}`;
}

export function readCommonConfig(r: EnvReader, service: ServiceName): CommonConfig {
  const bootstrapToken = r.optional('PASPOORT_BOOTSTRAP_TOKEN');
  r.check(bootstrapToken === undefined || bootstrapToken.length >= 32, 'PASPOORT_BOOTSTRAP_TOKEN must be at least 32 characters');
  const prefix = r.string('PASPOORT_TOPIC_PREFIX', '');
  r.check(/^[A-Za-z0-9._-]*$/.test(prefix), 'PASPOORT_TOPIC_PREFIX may hold only letters, digits, ".", "_" and "-"');
  const url = databaseUrl(r);
  r.check(/^postgres(ql)?:\/\//.test(url), 'DATABASE_URL must be a postgres:// URL');
  return {
    service,
    schema: service.replace('-', '_'),
    host: r.string('PASPOORT_BIND_HOST', '127.0.0.1'),
    port: r.int(`PASPOORT_${envName(service)}_PORT`, DEFAULT_PORTS[service], 1, 65535),
    instanceId: r.string('PASPOORT_INSTANCE_ID', `${hostname()}-${process.pid}`),
    database: { url, poolSize: r.int('PASPOORT_DB_POOL_SIZE', 10, 1, 200) },
    kafka: {
      brokers: r.list('KAFKA_BROKERS', ['127.0.0.1:9092']),
      topicPrefix: prefix,
      partitions: r.int('PASPOORT_TOPIC_PARTITIONS', 1, 1, 64),
    },
    bootstrapToken,
    trustedProxies: r.list('PASPOORT_TRUSTED_PROXIES', []),
    freshnessLimitMs: r.int('PASPOORT_FRESHNESS_LIMIT_MS', 10000, 500, 3600000),
    stateCheckIntervalMs: r.int('PASPOORT_STATE_CHECK_INTERVAL_MS', 60000, 1000, 86400000),
    bodyLimit: r.string('PASPOORT_BODY_LIMIT', '64kb'),
    logLevel: logLevel(r),
  };
}

export function messagingOptionsFrom(c: CommonConfig) {
  return {
    service: c.service,
    schema: c.schema,
    brokers: c.kafka.brokers,
    topicPrefix: c.kafka.topicPrefix,
    partitions: c.kafka.partitions,
    instanceId: c.instanceId,
    freshnessLimitMs: c.freshnessLimitMs,
    stateCheckIntervalMs: c.stateCheckIntervalMs,
  };
}

function logLevel(r: EnvReader): string {
  const level = r.string('LOG_LEVEL', 'log');
  r.check(
    ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'].includes(level),
    'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose',
  );
  return level;
}
