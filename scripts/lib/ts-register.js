'use strict';
/**
 * A minimal require hook for running the TypeScript sources of this repo from scripts without a build:
 * transpiles .ts with the project's TypeScript and resolves `@paspoort/<lib>` to libs/<lib>/src.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@paspoort\/([a-z-]+)$/.exec(request);
  return resolveFilename.call(this, m ? path.join(ROOT, 'libs', m[1], 'src') : request, parent, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      // As in tsconfig.json: decorator metadata depends on it (`string | undefined` is emitted as Object, not String),
      // and Swagger reads that metadata, so docs/openapi must be generated as the build compiles.
      strict: true,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  module._compile(outputText, filename);
};
require('reflect-metadata');
