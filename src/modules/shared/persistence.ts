import type { Prisma, PrismaClient } from '../../generated/prisma/client';

/** Injection token for the Prisma client of the configured database (PostgreSQL or embedded PGlite). */
export const PRISMA = Symbol('PRISMA');
export type Db = PrismaClient;
/** A Prisma client bound to one interactive transaction. */
export type Tx = Prisma.TransactionClient;

/**
 * A unique-constraint violation on either database: Prisma's P2002 from its own queries, or PostgreSQL's
 * SQLSTATE 23505 carried by P2010 from a raw query (multi-row inserts).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  return code === 'P2002' || (code === 'P2010' && meta?.driverAdapterError?.cause?.originalCode === '23505');
}
