import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { freePort, portOpen, ROOT, startBroker, stopBroker } from '../../scripts/lib/kafka-broker';
import { sleep } from './load';

export type ServiceName = 'issuer' | 'authn' | 'ip-registry' | 'audit';
export type Runtime = 'dist' | 'sources';

export const BENCH_OUT = join(ROOT, 'bench', 'out');

/** A Kafka broker for the run: the platform's on 127.0.0.1:9092 (or KAFKA_BROKERS) when it answers, else a private one. */
export interface BenchBroker {
  brokers: string;
  /** Set when this run started the broker (stopped at the end). */
  dir?: string;
  startupMs?: number;
}

export async function bringUpBroker(): Promise<BenchBroker> {
  const given = process.env.KAFKA_BROKERS;
  if (given) return { brokers: given };
  if (await portOpen(9092)) return { brokers: '127.0.0.1:9092' };
  return startPrivateBroker();
}

export async function startPrivateBroker(): Promise<BenchBroker> {
  const dir = join(ROOT, '.kafka', `bench-${process.pid}-${randomBytes(3).toString('hex')}`);
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const handle = await startBroker({ dir, port: await freePort(), controllerPort: await freePort(), heapMb: 512 });
  return { brokers: `127.0.0.1:${handle.port}`, dir, startupMs: performance.now() - t0 };
}

export async function stopPrivateBroker(broker: BenchBroker): Promise<void> {
  if (!broker.dir) return;
  await stopBroker({ dir: broker.dir, graceMs: 5000 });
  rmSync(broker.dir, { recursive: true, force: true });
}

/** The run's own database on the local Postgres (`paspoort_bench_<random>`), dropped at the end. */
export class BenchDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static adminUrl(): string {
    return (
      process.env.PASPOORT_BENCH_ADMIN_DATABASE_URL ??
      process.env.PASPOORT_TEST_ADMIN_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres'
    );
  }

  static async create(): Promise<BenchDatabase> {
    const name = `paspoort_bench_${randomBytes(4).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(BenchDatabase.adminUrl());
    url.pathname = `/${name}`;
    return new BenchDatabase(name, url.toString());
  }

  async query<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`));
  }
}

async function admin(fn: (c: Client) => Promise<unknown>): Promise<void> {
  const c = new Client({ connectionString: BenchDatabase.adminUrl() });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}

/** Secrets made for this run only (never written to disk or printed). */
export function runSecrets(): Record<string, string> {
  const key = () => randomBytes(32).toString('base64');
  return {
    PASPOORT_CA_KEK: key(),
    PASPOORT_TOTP_KEK: key(),
    PASPOORT_TOKEN_KEK: key(),
    PASPOORT_AUDIT_SIGNING_KEY: key(),
    PASPOORT_BOOTSTRAP_TOKEN: randomBytes(32).toString('base64url'),
  };
}

/** One running service process. */
export interface ServiceProcess {
  name: ServiceName;
  label: string;
  port: number;
  child: ChildProcess;
  env: Record<string, string>;
  portalPorts: number[];
  systemPorts: number[];
}

export interface PlatformEnv {
  databaseUrl: string;
  brokers: string;
  prefix: string;
  secrets: Record<string, string>;
  /** authn's TLS server pair, made for the run; `dispose` removes it. */
  tls: { certFile: string; keyFile: string; dispose: () => void };
  runtime: Runtime;
}

const PORT_VARIABLE: Record<ServiceName, string> = {
  issuer: 'PASPOORT_ISSUER_PORT',
  authn: 'PASPOORT_AUTHN_PORT',
  'ip-registry': 'PASPOORT_IP_REGISTRY_PORT',
  audit: 'PASPOORT_AUDIT_PORT',
};

/** Starts one service as a child process on free ports; its output goes to bench/out/<label>.log. */
export async function spawnService(
  name: ServiceName,
  platform: PlatformEnv,
  label: string = name,
  extra: Record<string, string> = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const portalPorts = name === 'authn' ? [await freePort(), await freePort(), await freePort()] : [];
  const systemPorts = name === 'authn' ? [await freePort(), await freePort(), await freePort()] : [];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: platform.databaseUrl,
    KAFKA_BROKERS: platform.brokers,
    PASPOORT_TOPIC_PREFIX: platform.prefix,
    PASPOORT_INSTANCE_ID: `bench-${label}-${randomBytes(2).toString('hex')}`,
    [PORT_VARIABLE[name]]: String(port),
    PASPOORT_BIND_HOST: '127.0.0.1',
    PASPOORT_ISSUER_PUBLIC_URL: 'http://127.0.0.1:3001',
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    PASPOORT_TLS_CERT_FILE: platform.tls.certFile,
    PASPOORT_TLS_KEY_FILE: platform.tls.keyFile,
    ...(name === 'authn' ? { PASPOORT_PORTAL_PORTS: portalPorts.join(','), PASPOORT_SYSTEM_PORTS: systemPorts.join(',') } : {}),
    ...pick(platform.secrets, name),
    ...extra,
  };
  mkdirSync(BENCH_OUT, { recursive: true });
  const log = createWriteStream(join(BENCH_OUT, `${label}.log`));
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the services under load (node flags only).
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bench', 'src', 'service-entry.js'), name, platform.runtime], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, label, port, child, env, portalPorts, systemPorts };
}

/** Each service gets only the secrets it reads (a service's config refuses nothing extra, but least is best). */
function pick(secrets: Record<string, string>, name: ServiceName): Record<string, string> {
  const wanted: Record<ServiceName, string[]> = {
    issuer: ['PASPOORT_CA_KEK'],
    authn: ['PASPOORT_TOTP_KEK', 'PASPOORT_TOKEN_KEK'],
    'ip-registry': [],
    audit: ['PASPOORT_AUDIT_SIGNING_KEY'],
  };
  const names = [...wanted[name], 'PASPOORT_BOOTSTRAP_TOKEN'];
  return Object.fromEntries(names.map((n) => [n, secrets[n]]));
}

/** Waits until `/health/ready` answers 200; fails fast when the process exits. */
export async function waitReady(service: ServiceProcess, timeoutMs = 180000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (service.child.exitCode !== null)
      throw new Error(`${service.label} exited with ${service.child.exitCode}; see bench/out/${service.label}.log`);
    try {
      const r = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`${service.label} not ready within ${timeoutMs / 1000} s; see bench/out/${service.label}.log`);
}

export async function stopService(service: ServiceProcess): Promise<void> {
  const child = service.child;
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident memory of a process in MiB (Linux /proc). */
export function residentMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** A figure from a service's Prometheus `/metrics` (first sample of that name). */
export async function prometheusValue(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.trim().split(/\s+/).pop()) : NaN;
}
