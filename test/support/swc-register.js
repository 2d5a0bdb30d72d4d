// Lets `node -r ./test/support/swc-register.js src/….ts` run TypeScript sources as jest does (@swc,
// CommonJS), so tests can spawn a CLI as a real process without building dist/ first.
/* eslint-disable @typescript-eslint/no-require-imports -- a preload script for `node -r`, CommonJS by nature */
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
