#!/usr/bin/env node
'use strict';
/**
 * npm run up — brings the whole platform up on this machine: dependencies, Kafka (from Maven Central), topics,
 * database, secrets, CA hierarchy, the four services; waits until each is ready; stops what it started on Ctrl-C.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SERVICES = [
  { name: 'issuer', port: 3001 },
  { name: 'authn', port: 3002 },
  { name: 'ip-registry', port: 3003 },
  { name: 'audit', port: 3004 },
];
const children = [];
let brokerStartedHere = false;
let stopping = false;

function log(message) {
  process.stdout.write(`[up] ${message}\n`);
}

function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function run(command, args, env = process.env) {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const mains = SERVICES.map((s) => mainFile(s.name));
  const builtAt = Math.min(...mains.map((m) => (fs.existsSync(m) ? fs.statSync(m).mtimeMs : 0)));
  const sourcesAt = Math.max(newestMtime(path.join(ROOT, 'apps')), newestMtime(path.join(ROOT, 'libs')));
  if (builtAt > sourcesAt && process.env.PASPOORT_FORCE_BUILD !== '1') return;
  log('building the services');
  run(process.execPath, [path.join(ROOT, 'scripts', 'build.js')]);
}

function mainFile(name) {
  return path.join(ROOT, 'dist', 'apps', name, 'apps', name, 'src', 'main.js');
}

async function ensureDatabase(url) {
  const { Client } = require('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

function ensureTlsPair(env) {
  if (env.PASPOORT_TLS_CERT_FILE && env.PASPOORT_TLS_KEY_FILE) return;
  const dir = path.join(ROOT, '.paspoort', 'tls');
  const cert = path.join(dir, 'server.crt');
  const key = path.join(dir, 'server.key');
  if (!fs.existsSync(cert) || !fs.existsSync(key)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '825',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    fs.chmodSync(key, 0o600);
    log(`created a local TLS server pair in ${dir}`);
  }
  env.PASPOORT_TLS_CERT_FILE = cert;
  env.PASPOORT_TLS_KEY_FILE = key;
}

function startService(service, env) {
  const child = spawn(process.execPath, [mainFile(service.name)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `${service.name.padEnd(11)} | `;
  const forward = (stream, out) => {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) out.write(`${prefix}${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${service.name} exited (${signal ?? code}); stopping the platform`);
      void shutdown(1);
    }
  });
  children.push(child);
}

async function waitReady(service, host, timeoutMs = 180000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !stopping) {
    try {
      const r = await fetch(`http://${host}:${service.port}/health/ready`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s`);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping the services');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', resolve);
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15000).unref();
        }),
    ),
  );
  if (brokerStartedHere) {
    log('stopping the Kafka broker this run started');
    const { stopBroker } = require('./lib/kafka-broker');
    await stopBroker({ dir: path.join(ROOT, '.kafka', 'platform') });
  }
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  ensureDependencies();
  const { startBroker } = require('./lib/kafka-broker');
  const { loadOrCreateSecrets } = require('./lib/secrets');
  const { values, generated, file } = loadOrCreateSecrets(ROOT);
  const env = { ...process.env, ...values };
  env.DATABASE_URL ??= `postgres://${env.PGUSER ?? 'postgres'}@${env.PGHOST ?? '127.0.0.1'}:${env.PGPORT ?? 5432}/${env.PGDATABASE ?? 'paspoort'}`;
  env.PASPOORT_ISSUER_PUBLIC_URL ??= 'http://127.0.0.1:3001';
  ensureTlsPair(env);
  const port = Number(env.KAFKA_PORT ?? 9092);
  const broker = await startBroker({
    dir: path.join(ROOT, '.kafka', 'platform'),
    port,
    controllerPort: Number(env.KAFKA_CONTROLLER_PORT ?? 9093),
  });
  brokerStartedHere = !broker.reused;
  log(broker.reused ? `reusing the Kafka broker on 127.0.0.1:${port}` : `Kafka ready on 127.0.0.1:${port}`);
  env.KAFKA_BROKERS ??= `127.0.0.1:${port}`;
  await ensureDatabase(env.DATABASE_URL);
  ensureBuilt();
  run(process.execPath, [path.join(ROOT, 'scripts', 'topics.js')], env);
  if (fs.existsSync(path.join(ROOT, 'scripts', 'ca-init.js'))) run(process.execPath, [path.join(ROOT, 'scripts', 'ca-init.js')], env);
  for (const service of SERVICES) startService(service, env);
  const host = env.PASPOORT_BIND_HOST && env.PASPOORT_BIND_HOST !== '0.0.0.0' ? env.PASPOORT_BIND_HOST : '127.0.0.1';
  await Promise.all(SERVICES.map((s) => waitReady(s, host)));
  log('Paspoort is up:');
  for (const s of SERVICES) log(`  ${s.name.padEnd(11)} http://${host}:${s.port}  (OpenAPI: /docs, health: /health/ready)`);
  log('  portal      https://localhost:8443 (test), :8453 (acceptance), :8463 (production); system listeners :8444/:8454/:8464');
  log('  audit page  http://127.0.0.1:3004/');
  if (generated.includes('PASPOORT_BOOTSTRAP_TOKEN')) {
    log(`bootstrap token (shown once; also kept in ${file}): ${values.PASPOORT_BOOTSTRAP_TOKEN}`);
  } else {
    log(`secrets: ${file} (or your environment)`);
  }
  log('press Ctrl-C to stop');
}

main().catch((error) => {
  process.stderr.write(`[up] ${error.message}\n`);
  void shutdown(1);
});
