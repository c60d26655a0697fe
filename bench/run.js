#!/usr/bin/env node
'use strict';
/**
 * npm run bench — measures Paspoort against this machine's own limits in one run and writes bench/results.json.
 * BENCH_SCALE=tiny|full (default full); BENCH_OUT=<file> writes the results elsewhere (the smoke test does).
 * Runs the TypeScript sources through the repo's transpile-only hook; the services run as child processes.
 */
require('../scripts/lib/ts-register');
require('./src/main.ts')
  .main()
  .then((code) => process.exit(code))
  .catch((error) => {
    process.stderr.write(`[bench] failed: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  });
