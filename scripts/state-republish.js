#!/usr/bin/env node
'use strict';
/**
 * npm run state:republish — after the broker lost its data: writes every current value of the state topics
 * (certificate status, CA chains, token keys, IP registrations and enforcement) into the owners' outboxes at their
 * current revisions, for each owner whose schema the database (DATABASE_URL / PG*) holds. The running services publish
 * them; consumers ignore a revision they already have, so running it twice is harmless. Each service also does this by
 * itself at start when it finds one of its state topics empty (README, "Recovering lost state topics").
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OWNERS = ['issuer', 'authn', 'ip-registry'];

function load(service) {
  const built = path.join(ROOT, 'dist', 'apps', service, 'apps', service, 'src', 'cli', 'state-republish.js');
  if (fs.existsSync(built)) return require(built);
  require('./lib/ts-register');
  return require(path.join(ROOT, 'apps', service, 'src', 'cli', 'state-republish.ts'));
}

async function main() {
  let code = 0;
  for (const service of OWNERS) code = Math.max(code, await load(service).main(process.env));
  return code;
}

main().then((code) => process.exit(code));
