'use strict';
/**
 * Child-process entry of one service under benchmark: `node service-entry.js <service> <dist|sources>`.
 * dist: the built main.js (what `npm run up` runs); sources: the TypeScript main through the transpile-only hook.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const [service, runtime] = process.argv.slice(2);
if (runtime === 'dist') {
  require(path.join(ROOT, 'dist', 'apps', service, 'apps', service, 'src', 'main.js'));
} else {
  require(path.join(ROOT, 'scripts', 'lib', 'ts-register'));
  require(path.join(ROOT, 'apps', service, 'src', 'main.ts'));
}
