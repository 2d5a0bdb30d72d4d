import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { openDatabase, type Database } from '../../src/adapters/prisma/database';

export type TestDatabase = Database & { drop(): Promise<void> };

function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, uniquely named PostgreSQL database with nothing in it (not even migrations), for tests of
 * migrating itself. `drop()` removes it even if connections are still open.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `corridor_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * A migrated database of the given kind for one test file. PostgreSQL: a new database on the local
 * server (`TEST_DATABASE_ADMIN_URL`), dropped by `drop()`. Embedded: in-memory PGlite, gone on `drop()`.
 * PGlite needs jest run with NODE_OPTIONS=--experimental-vm-modules and takes a few seconds to start.
 */
export async function createTestDatabase(kind: 'postgres' | 'embedded'): Promise<TestDatabase> {
  if (kind === 'embedded') {
    const database = await openDatabase({ kind: 'embedded', dataDir: null });
    return { ...database, drop: () => database.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  try {
    const database = await openDatabase({ kind: 'postgres', url: empty.url });
    return {
      ...database,
      drop: async () => {
        await database.close();
        await empty.drop();
      },
    };
  } catch (error) {
    await empty.drop();
    throw error;
  }
}
