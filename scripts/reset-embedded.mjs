#!/usr/bin/env node
// Deletes the embedded database's data folder so the next start begins from an empty, freshly migrated
// database. The folder is chosen as the service chooses it: CORRIDOR_DATA_DIR, else .corridor/data under
// the current directory. It refuses while a process has the database open (see corridor.lock).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

function readLock(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const configured = process.env.CORRIDOR_DATA_DIR?.trim();
if (configured === ':memory:') {
  console.log('CORRIDOR_DATA_DIR is :memory: — the embedded database keeps nothing on disk, nothing to reset.');
  process.exit(0);
}
const dataDir = path.resolve(configured || path.join('.corridor', 'data'));

if (!existsSync(dataDir)) {
  console.log(`No embedded database at ${dataDir}: nothing to reset.`);
  process.exit(0);
}
// Guard against a mistyped CORRIDOR_DATA_DIR (a home folder, a project root): delete only what is
// recognisably a PostgreSQL data folder, or an empty one.
if (!existsSync(path.join(dataDir, 'PG_VERSION')) && readdirSync(dataDir).length > 0) {
  console.error(`Refusing to delete ${dataDir}: it is not an embedded PostgreSQL data folder (no PG_VERSION file).`);
  process.exit(1);
}
const owner = Number(readLock(path.join(dataDir, 'corridor.lock')));
if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
  console.error(`Refusing to delete ${dataDir}: process ${owner} has the embedded database open. Stop it first.`);
  process.exit(1);
}
await rm(dataDir, { recursive: true, force: true });
console.log(`Deleted the embedded database at ${dataDir}.`);
