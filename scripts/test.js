#!/usr/bin/env node
'use strict';
/**
 * npm test — installs what the tests need, type-checks, and runs unit, integration and end-to-end tests.
 * The integration tiers start their own private Kafka broker on free ports and make their own databases,
 * so this passes while a platform from `npm run up` is running. Extra arguments go to jest.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function run(command, args) {
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Starts the machine's PostgreSQL cluster when nothing answers on the configured port (CI machines start it anyway). */
function ensurePostgres() {
  const port = Number(process.env.PGPORT ?? 5432);
  const probe = spawnSync('pg_isready', ['-h', process.env.PGHOST ?? '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  if (probe.error || probe.status === 0) return;
  const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  for (const version of versions) spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
}

const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
require('./lib/kafka-broker').fetchJars();
ensurePostgres();
const args = process.argv.slice(2);
if (args.length === 0) run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']);
run(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--forceExit', '--maxWorkers=2', ...args]);
