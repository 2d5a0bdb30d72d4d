#!/usr/bin/env node
// Makes a fresh clone runnable with one command: installs dependencies when node_modules is missing or
// older than package-lock.json (npm ci, whose postinstall generates the Prisma client and the OpenAPI
// types), regenerates either when its source changed, and with --build compiles to dist/. Safe to run
// every time.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function run(command, args) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const installed = at('node_modules', '.package-lock.json');
if (mtime(installed) < mtime(at('package-lock.json'))) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const client = at('src', 'generated', 'prisma', 'client.ts');
if (mtime(client) < mtime(at('prisma', 'schema.prisma'))) {
  run(process.execPath, [at('scripts', 'prisma-generate.mjs')]);
}

const apiTypes = at('openapi', 'corridor.d.ts');
if (mtime(apiTypes) < mtime(at('openapi', 'corridor.yaml'))) {
  run(process.execPath, [
    at('node_modules', 'openapi-typescript', 'bin', 'cli.js'),
    'openapi/corridor.yaml',
    '-o',
    'openapi/corridor.d.ts',
  ]);
}

if (process.argv.includes('--build')) {
  run(process.execPath, [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', at('tsconfig.build.json')]);
}
