import { createHash } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

import {
  applyMigrations,
  defaultMigrationsDir,
  MigrationError,
  pgExecutor,
  pgliteExecutor,
  type SqlExecutor,
} from '../../../src/adapters/prisma/migrator';
import { createEmptyPostgresDatabase } from '../../support/database';

jest.setTimeout(60_000);

interface Target {
  db: SqlExecutor;
  dispose(): Promise<void>;
}

async function emptyTarget(kind: 'postgres' | 'embedded'): Promise<Target> {
  if (kind === 'embedded') {
    const pglite = await PGlite.create();
    return { db: pgliteExecutor(pglite), dispose: () => pglite.close() };
  }
  const database = await createEmptyPostgresDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return {
    db: pgExecutor(client),
    dispose: async () => {
      await client.end();
      await database.drop();
    },
  };
}

async function projectMigrationNames(): Promise<string[]> {
  const entries = await readdir(defaultMigrationsDir(), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A scratch copy of the project's migrations that a test may edit or extend. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'corridor-migrations-'));
  await cp(defaultMigrationsDir(), dir, { recursive: true });
  return dir;
}

async function tableExists(db: SqlExecutor, table: string): Promise<boolean> {
  const { rows } = await db.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public.${table}`]);
  return rows[0].present === true;
}

describe.each(['postgres', 'embedded'] as const)('applyMigrations on %s', (kind) => {
  let target: Target;
  const scratchDirs: string[] = [];

  beforeEach(async () => {
    target = await emptyTarget(kind);
  });

  afterEach(async () => {
    await target.dispose();
    await Promise.all(scratchDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('creates the schema on an empty database and records each migration as Prisma does', async () => {
    const names = await projectMigrationNames();

    const { applied } = await applyMigrations(target.db, defaultMigrationsDir());

    expect(applied).toEqual(names);
    expect(await tableExists(target.db, 'payments')).toBe(true);
    const { rows } = await target.db.query(
      'SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    const expected = await Promise.all(
      names.map(async (name) => {
        const script = await readFile(path.join(defaultMigrationsDir(), name, 'migration.sql'));
        return { migration_name: name, checksum: createHash('sha256').update(script).digest('hex') };
      }),
    );
    expect(rows.map((r) => ({ migration_name: r.migration_name, checksum: r.checksum }))).toEqual(expected);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.started_at.getTime()).toBeLessThanOrEqual(row.finished_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('applies nothing when run again', async () => {
    await applyMigrations(target.db, defaultMigrationsDir());

    const second = await applyMigrations(target.db, defaultMigrationsDir());

    expect(second.applied).toEqual([]);
    const { rows } = await target.db.query('SELECT count(*)::int AS n FROM _prisma_migrations');
    expect(rows[0].n).toBe((await projectMigrationNames()).length);
  });

  it('refuses to continue when an applied migration was edited afterwards', async () => {
    const dir = await copyOfMigrations();
    scratchDirs.push(dir);
    await applyMigrations(target.db, dir);
    const [first] = await projectMigrationNames();
    await appendFile(path.join(dir, first!, 'migration.sql'), '\n-- an afterthought\n');

    const rerun = applyMigrations(target.db, dir);

    await expect(rerun).rejects.toThrow(MigrationError);
    await expect(rerun).rejects.toThrow(`Migration ${first} was changed after it was applied`);
  });

  it('rolls back a failing migration entirely and leaves it unrecorded', async () => {
    const dir = await copyOfMigrations();
    scratchDirs.push(dir);
    await mkdir(path.join(dir, '99990101000000_broken'));
    await writeFile(
      path.join(dir, '99990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" TEXT);\nSELECT * FROM "no_such_table";\n',
    );

    await expect(applyMigrations(target.db, dir)).rejects.toMatchObject({
      name: 'MigrationError',
      migration: '99990101000000_broken',
    });

    expect(await tableExists(target.db, 'half_done')).toBe(false);
    const { rows } = await target.db.query('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(await projectMigrationNames());
  });

  it('keeps events not yet dispatched waiting when the outbox moves to its dispatch queue', async () => {
    const dir = await copyOfMigrations();
    scratchDirs.push(dir);
    await rm(path.join(dir, '20261204150103_event_dispatch_queue'), { recursive: true });
    await applyMigrations(target.db, dir);
    await target.db.exec(`
      INSERT INTO regions (id, name, settlement_asset) VALUES ('reg_1', 'pilot', 'USD');
      INSERT INTO events (id, type, region_id, data, dispatched_at) VALUES
        ('evt_1', 'payment.captured', 'reg_1', '{}', now()),
        ('evt_2', 'payment.captured', 'reg_1', '{}', NULL),
        ('evt_3', 'payment.refunded', 'reg_1', '{}', NULL);`);

    await applyMigrations(target.db, defaultMigrationsDir());

    const { rows } = await target.db.query(
      'SELECT e.id FROM event_dispatch_queue q JOIN events e ON e.sequence = q.sequence ORDER BY q.sequence',
    );
    expect(rows.map((r) => r.id)).toEqual(['evt_2', 'evt_3']);
  });
});

describe('applyMigrations on postgres from two processes at once', () => {
  it('applies each migration exactly once', async () => {
    const database = await createEmptyPostgresDatabase();
    const clients = [new Client({ connectionString: database.url }), new Client({ connectionString: database.url })];
    try {
      await Promise.all(clients.map((c) => c.connect()));

      const results = await Promise.all(clients.map((c) => applyMigrations(pgExecutor(c), defaultMigrationsDir())));

      const names = await projectMigrationNames();
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, names.length]);
      const { rows } = await clients[0]!.query('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name');
      expect(rows.map((r) => r.migration_name)).toEqual(names);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await database.drop();
    }
  });
});
