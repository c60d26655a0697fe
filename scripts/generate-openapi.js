#!/usr/bin/env node
'use strict';
/**
 * npm run openapi:generate — writes docs/openapi/<service>.json, the documents the services serve at /docs, and
 * removes the file of a service that is gone (CI checks drift). Needs neither Postgres nor Kafka.
 */
require('./lib/ts-register');
const fs = require('node:fs');
const path = require('node:path');
const { renderOpenApiFiles } = require('./lib/openapi-files');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'docs', 'openapi');
renderOpenApiFiles().then(
  (files) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.json') && !(`docs/openapi/${name}` in files)) fs.rmSync(path.join(dir, name));
    }
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
    console.log(`openapi: ${Object.keys(files).join(', ')} written`);
  },
  (error) => {
    console.error(`openapi: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
