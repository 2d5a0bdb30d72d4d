import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { PGliteInterface } from '@electric-sql/pglite';
import type { ClientBase } from 'pg';

/** The least a database connection must offer to be migrated: one session, queried in order. */
export interface SqlExecutor {
  // Rows are typed by each caller, which knows the shape its own SQL returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
}

/** A single `pg` connection: a `Client`, or a `PoolClient` held for the whole migration run. */
export function pgExecutor(client: ClientBase): SqlExecutor {
  return {
    query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }),
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

export function pgliteExecutor(db: PGliteInterface): SqlExecutor {
  return {
    query: async (sql, params) => ({ rows: (await db.query(sql, params)).rows }),
    exec: async (sql) => {
      await db.exec(sql);
    },
  };
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

// The key `prisma migrate` itself locks on, so this runner and the Prisma CLI also exclude each other.
const MIGRATION_LOCK_KEY = 72707369;

// Prisma's own definition, so `prisma migrate status` and `deploy` can read the history we write.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationFile {
  name: string;
  script: string;
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Brings the database up to the migrations in `migrationsDir` (Prisma's layout:
 * `<timestamp>_<name>/migration.sql`, applied in name order) and records them in `_prisma_migrations`
 * exactly as Prisma does. Each migration runs in its own transaction, so a failing one leaves no trace.
 * An advisory lock makes concurrent callers take turns: the second finds everything applied.
 */
export async function applyMigrations(db: SqlExecutor, migrationsDir: string): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(migrationsDir);
  await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    const history = (await db.query('SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL'))
      .rows as HistoryRow[];
    const pending = pendingMigrations(migrations, history);
    for (const migration of pending) await applyOne(db, migration);
    return { applied: pending.map((m) => m.name) };
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

function pendingMigrations(migrations: MigrationFile[], history: HistoryRow[]): MigrationFile[] {
  const unfinished = history.find((row) => row.finished_at === null);
  if (unfinished) {
    throw new MigrationError(
      unfinished.migration_name,
      `Migration ${unfinished.migration_name} started but never finished (a failed \`prisma migrate\` run?). ` +
        'Repair the database by hand, then mark it rolled back in _prisma_migrations.',
    );
  }
  const appliedChecksums = new Map(history.map((row) => [row.migration_name, row.checksum]));
  for (const migration of migrations) {
    const checksum = appliedChecksums.get(migration.name);
    if (checksum !== undefined && !scriptMatchesChecksum(migration.script, checksum)) {
      throw new MigrationError(
        migration.name,
        `Migration ${migration.name} was changed after it was applied to this database ` +
          `(checksum ${checksum} recorded, file differs). Restore the file and put the change in a new migration.`,
      );
    }
  }
  return migrations.filter((m) => !appliedChecksums.has(m.name));
}

async function applyOne(db: SqlExecutor, migration: MigrationFile): Promise<void> {
  // The wall clock: migrations belong to the database, not to any region's test clock.
  const startedAt = new Date().toISOString();
  await db.exec('BEGIN');
  try {
    await db.exec(migration.script);
    await db.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, $4::timestamptz, clock_timestamp(), 1)`,
      [randomUUID(), checksum(migration.script), migration.name, startedAt],
    );
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(migration.name, `Migration ${migration.name} failed and was rolled back: ${reason}`, {
      cause: error,
    });
  }
}

async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      if (!existsSync(file)) throw new MigrationError(name, `Migration folder ${name} has no migration.sql`);
      return { name, script: await readFile(file, 'utf8') };
    }),
  );
}

// Prisma's checksum: SHA-256 of the script, lowercase hex.
function checksum(script: string): string {
  return createHash('sha256').update(script).digest('hex');
}

// Like Prisma, accept the script with either line ending: git may have converted it on checkout.
function scriptMatchesChecksum(script: string, recorded: string): boolean {
  return [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')].some((variant) => checksum(variant) === recorded);
}

/** The folder holding `package.json`, found from this file so it works from `src/` and from `dist/`. */
export function findProjectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${from} or any folder above it`);
  }
}

export function defaultMigrationsDir(): string {
  return path.join(findProjectRoot(), 'prisma', 'migrations');
}
