import type { Prisma, PrismaClient } from '../../generated/prisma/client';

/** Injection token for the Prisma client of the configured database (PostgreSQL or embedded PGlite). */
export const PRISMA = Symbol('PRISMA');
export type Db = PrismaClient;
/** A Prisma client bound to one interactive transaction. */
export type Tx = Prisma.TransactionClient;

/** Injection token for the `SqlClient` of the configured database. */
export const SQL = Symbol('SQL');

/**
 * Plain SQL on the database's own driver, below Prisma: one statement, one round trip, each statement
 * its own transaction. For the hot write path (`PaymentCreationBatch`), where Prisma's per-query work
 * was a third of the service's CPU per payment. Rows come back as the driver gives them: select `json`
 * or `text` columns so both drivers agree (numbers, timestamps and amounts as strings).
 */
export interface SqlClient {
  query<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
}

/**
 * A unique-constraint violation on either database: Prisma's P2002 from its own queries, PostgreSQL's
 * SQLSTATE 23505 carried by P2010 from a raw query (multi-row inserts), or 23505 itself from the driver
 * (`SqlClient`).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  return code === 'P2002' || code === '23505' || (code === 'P2010' && meta?.driverAdapterError?.cause?.originalCode === '23505');
}
