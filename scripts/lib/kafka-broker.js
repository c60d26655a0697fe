'use strict';
/**
 * Runs a single-node Apache Kafka 3.9 broker (KRaft) from the official Maven Central jars, without Docker.
 * Used by `npm run kafka:start|stop`, `npm run up`, the test harness (a private broker on free ports) and the benchmark.
 * The jars are fetched once with the machine's Maven into <repo>/.kafka/lib (keyed by the pom's hash).
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'infra', 'kafka');
const LIB = path.join(ROOT, '.kafka', 'lib');
const READY_LINE = 'Kafka Server started';

function javaBinary() {
  if (process.env.KAFKA_JAVA) return process.env.KAFKA_JAVA;
  const jdk17 = '/usr/lib/jvm/java-17-openjdk-amd64/bin/java';
  return fs.existsSync(jdk17) ? jdk17 : 'java';
}

/** Downloads the broker's jars with Maven unless the cached set matches the pom. */
function fetchJars() {
  const pom = path.join(SRC, 'pom.xml');
  const want = crypto.createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
  const stamp = path.join(LIB, '.pom.sha256');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want) return;
  fs.rmSync(LIB, { recursive: true, force: true });
  fs.mkdirSync(LIB, { recursive: true });
  const r = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      pom,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${LIB}`,
      '-DincludeScope=runtime',
      '-Dmdep.prependGroupId=true',
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('kafka: fetching the broker jars with Maven failed (see above)');
  fs.writeFileSync(stamp, want);
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const handedOut = new Set();

/** A TCP port the OS reports free right now, never one this process was already given. */
async function freePort() {
  for (;;) {
    const port = await osFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function osFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(dir) {
  const file = path.join(dir, 'broker.pid');
  if (!fs.existsSync(file)) return undefined;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function writeConfig(dir, port, controllerPort) {
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { recursive: true });
  const text = fs
    .readFileSync(path.join(SRC, 'server.properties'), 'utf8')
    .replaceAll('@DATA_DIR@', data)
    .replaceAll('@CONTROLLER_PORT@', String(controllerPort))
    .replaceAll('@PORT@', String(port));
  const file = path.join(dir, 'server.properties');
  fs.writeFileSync(file, text);
  return { file, data };
}

/** Formats the storage once: a data folder that holds a broker's data is kept (its data survives restarts). */
function formatIfEmpty(dir, configFile, data) {
  if (fs.existsSync(path.join(data, 'meta.properties'))) return;
  let clusterId;
  do {
    clusterId = crypto.randomBytes(16).toString('base64url');
  } while (!/^[A-Za-z0-9]/.test(clusterId));
  const r = spawnSync(
    javaBinary(),
    [
      '-Xmx256m',
      '-XX:TieredStopAtLevel=1',
      `-Dlog4j.configuration=file:${path.join(SRC, 'log4j.properties')}`,
      '-cp',
      `${LIB}/*`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      configFile,
    ],
    { encoding: 'utf8' },
  );
  fs.writeFileSync(path.join(dir, 'format.log'), `${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0) throw new Error(`kafka: formatting the storage failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Starts a broker whose state lives in `dir` and waits until it serves requests.
 * Resolves { port, controllerPort, pid, reused } ; a broker already listening on `port` is reused.
 */
async function startBroker({ dir, port = 9092, controllerPort = 9093, readyTimeoutMs = 120000, heapMb = 512 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  if (await portOpen(port)) return { port, controllerPort, pid: readPid(dir), reused: true };
  fetchJars();
  const { file, data } = writeConfig(dir, port, controllerPort);
  formatIfEmpty(dir, file, data);
  const logFile = path.join(dir, 'broker.log');
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    javaBinary(),
    [
      `-Xms128m`,
      `-Xmx${heapMb}m`,
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${path.join(SRC, 'log4j.properties')}`,
      '-cp',
      `${LIB}/*`,
      'kafka.Kafka',
      file,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(path.join(dir, 'broker.pid'), String(child.pid));
  const started = Date.now();
  while (Date.now() - started < readyTimeoutMs) {
    if (!pidAlive(child.pid)) throw new Error(`kafka: broker exited during startup; see ${logFile}:\n${tail(logFile, logStart)}`);
    if ((await portOpen(port)) && logSince(logFile, logStart).includes(READY_LINE)) {
      return { port, controllerPort, pid: child.pid, reused: false, startupMs: Date.now() - started };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopBroker({ dir });
  throw new Error(`kafka: broker not ready after ${readyTimeoutMs} ms; see ${logFile}`);
}

function logSince(file, offset) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    fs.readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function tail(file, offset) {
  return logSince(file, offset).split('\n').slice(-40).join('\n');
}

/** Stops the broker started from `dir` (SIGTERM: controlled shutdown; SIGKILL after the grace period). */
async function stopBroker({ dir, graceMs = 20000, signal = 'SIGTERM' } = {}) {
  const pid = readPid(dir);
  if (!pid) return false;
  if (pidAlive(pid)) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
    const until = Date.now() + graceMs;
    while (pidAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    if (pidAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    while (pidAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  }
  fs.rmSync(path.join(dir, 'broker.pid'), { force: true });
  return true;
}

/** Kills the broker at once (SIGKILL), as a crash would; its data stays for a restart. */
function killBroker({ dir }) {
  return stopBroker({ dir, graceMs: 0, signal: 'SIGKILL' });
}

module.exports = { startBroker, stopBroker, killBroker, fetchJars, freePort, portOpen, ROOT };
