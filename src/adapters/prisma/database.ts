import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Pool, type QueryResultRow } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { ConfigError } from '../../config/app-config';
import { PrismaClient } from '../../generated/prisma/client';
import type { SqlClient } from '../../modules/shared/persistence';
import type { Prisma } from '../../generated/prisma/client';
import { applyMigrations, defaultMigrationsDir, pgExecutor, pgliteExecutor } from './migrator';

export type { PrismaClient };
/** The client handed to `prisma.$transaction(async (tx) => …)`. */
export type TransactionClient = Prisma.TransactionClient;

export type DatabaseConfig =
  | {
      kind: 'postgres';
      url: string;
      /** Connections in Prisma's pool; 10 when not set. */
      poolSize?: number;
    }
  | {
      kind: 'embedded';
      /** Created if missing and kept across restarts; null keeps the database in memory only. */
      dataDir: string | null;
    };

export interface Database {
  prisma: PrismaClient;
  /** The same database on its driver, for the statements of the hot write path (on PostgreSQL, Prisma's own pool). */
  sql: SqlClient;
  kind: 'postgres' | 'embedded';
  /** Where the data lives, for logs and start-up banners; never contains credentials. */
  describe: string;
  close(): Promise<void>;
}

const DEFAULT_POOL_SIZE = 10;

/** Connects, brings the schema up to date with `prisma/migrations`, and returns a ready client. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config.url, config.poolSize) : openEmbedded(config.dataDir);
}

async function openPostgres(url: string, poolSize = DEFAULT_POOL_SIZE): Promise<Database> {
  // Migrations need one session for the advisory lock, so they get their own connection, not the pool.
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await applyMigrations(pgExecutor(client), defaultMigrationsDir());
  } finally {
    await client.end();
  }
  // One pool for Prisma and the hot path's plain statements; named by process, so pg_stat_activity tells
  // which API process of a cluster holds a connection.
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: `corridor pid ${process.pid}` });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  const sql = preparedStatements(pool);
  try {
    await prisma.$connect();
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  return {
    prisma,
    sql,
    kind: 'postgres',
    describe: `PostgreSQL ${describePostgresUrl(url)}`,
    close: () => prisma.$disconnect(),
  };
}

async function openEmbedded(dataDir: string | null): Promise<Database> {
  const directory = dataDir === null ? null : path.resolve(dataDir);
  const releaseFolder = directory === null ? async () => {} : await claimDataFolder(directory);
  let pglite: PGlite;
  try {
    pglite = directory === null ? await PGlite.create() : await PGlite.create({ dataDir: directory });
  } catch (error) {
    await releaseFolder();
    throw error;
  }
  const shutDown = async () => {
    await pglite.close();
    await releaseFolder();
  };
  try {
    await applyMigrations(pgliteExecutor(pglite), defaultMigrationsDir());
  } catch (error) {
    await shutDown();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  // Through Prisma's adapter, which queues each statement behind any interactive transaction on PGlite's
  // single connection (the driver itself would run it inside whichever transaction is open).
  const sql: SqlClient = { query: (text, params) => prisma.$queryRawUnsafe(text, ...params) };
  return {
    prisma,
    sql,
    kind: 'embedded',
    describe: directory === null ? 'embedded PostgreSQL (PGlite) in memory' : `embedded PostgreSQL (PGlite) in ${directory}`,
    close: async () => {
      await prisma.$disconnect();
      await shutDown();
    },
  };
}

/**
 * Plain statements on the pool, each prepared once per connection under a name of its own: the hot path
 * runs a handful of fixed statements thousands of times, and PostgreSQL then parses each once and can
 * keep its plan, instead of parsing and planning it on every call.
 */
function preparedStatements(pool: Pool): SqlClient {
  const names = new Map<string, string>();
  return {
    async query<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
      let name = names.get(text);
      if (name === undefined) {
        name = `corridor_${names.size + 1}`;
        names.set(text, name);
      }
      return (await pool.query<Row & QueryResultRow>({ name, text, values: params as unknown[] })).rows;
    },
  };
}

/**
 * PGlite has no postmaster to stop a second process from opening the same folder, and two of them
 * corrupt it. A lock file holding the owner's pid refuses the second opener; a crashed owner's file
 * (pid no longer running) is taken over.
 */
async function claimDataFolder(directory: string): Promise<() => Promise<void>> {
  await mkdir(directory, { recursive: true });
  const lockFile = path.join(directory, 'corridor.lock');
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new Error(
        `The embedded database in ${directory} is already open in process ${owner}. ` +
          'Stop that process, or give this one its own CORRIDOR_DATA_DIR.',
      );
    }
    await rm(lockFile, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describePostgresUrl(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname || 'localhost'}:${port || '5432'}${pathname || '/'}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/**
 * `DATABASE_URL` set: PostgreSQL (pool size from `DATABASE_POOL_SIZE`). Otherwise the embedded database
 * in `CORRIDOR_DATA_DIR` (`:memory:` for none) or `.corridor/data` under the current directory.
 */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    const poolText = env.DATABASE_POOL_SIZE?.trim();
    if (!poolText) return { kind: 'postgres', url };
    const poolSize = Number(poolText);
    if (!Number.isInteger(poolSize) || poolSize < 1) {
      throw new ConfigError('DATABASE_POOL_SIZE', `must be a positive integer, got "${poolText}"`);
    }
    return { kind: 'postgres', url, poolSize };
  }
  const dataDir = env.CORRIDOR_DATA_DIR?.trim() || path.join('.corridor', 'data');
  return { kind: 'embedded', dataDir: dataDir === ':memory:' ? null : path.resolve(dataDir) };
}

/** Prisma returns its own Decimal class; the core works only with the project's `Decimal`. */
export { toDecimal } from '../../core/money/decimal';
