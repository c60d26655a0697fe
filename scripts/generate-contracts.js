#!/usr/bin/env node
'use strict';
/** npm run contracts:generate — writes libs/contracts/asyncapi.yaml and schemas/*.json from the code (CI checks drift). */
require('./lib/ts-register');
const fs = require('node:fs');
const path = require('node:path');
const { renderContractFiles } = require('../libs/contracts/src/generated-files');

const root = path.resolve(__dirname, '..', 'libs', 'contracts');
for (const [file, text] of Object.entries(renderContractFiles())) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}
console.log('contracts: asyncapi.yaml and schemas/ written');
