#!/usr/bin/env node
'use strict';
/** npm run ca:init — the explicit, idempotent CA initialisation (safe when two instances run it at once). */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const built = path.join(ROOT, 'dist', 'apps', 'issuer', 'apps', 'issuer', 'src', 'cli', 'ca-init.js');
if (!fs.existsSync(built)) require('./lib/ts-register');
const cli = fs.existsSync(built) ? require(built) : require(path.join(ROOT, 'apps', 'issuer', 'src', 'cli', 'ca-init.ts'));
Promise.resolve(cli.main(process.env)).then((code) => process.exit(typeof code === 'number' ? code : 0));
