#!/usr/bin/env node
'use strict';
/** npm run build — compiles the four services with the Nest CLI (tsc builder) into dist/apps/<service>. */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const APPS = ['issuer', 'authn', 'ip-registry', 'audit'];
for (const app of process.argv.slice(2).length ? process.argv.slice(2) : APPS) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`build of ${app} failed`);
    process.exit(r.status ?? 1);
  }
}
