#!/usr/bin/env node
// Runs `prisma generate` offline. Prisma 7 only checks that its native schema engine file exists before
// generating (the client itself needs no engine), and would otherwise try to download it from a host this
// project cannot rely on. Any existing file satisfies the check, so we point it at the Node binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

const configured = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
const engineStandIn = configured && existsSync(configured) ? configured : process.execPath;

const result = spawnSync(process.execPath, [prismaCli, 'generate', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: engineStandIn,
    // Update checks and telemetry would only time out without internet access.
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
