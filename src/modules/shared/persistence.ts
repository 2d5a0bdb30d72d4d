import type { Prisma, PrismaClient } from '../../generated/prisma/client';

/** Injection token for the Prisma client of the configured database (PostgreSQL or embedded PGlite). */
export const PRISMA = Symbol('PRISMA');
export type Db = PrismaClient;
/** A Prisma client bound to one interactive transaction. */
export type Tx = Prisma.TransactionClient;

/** Prisma's unique-constraint violation (P2002), on either database. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
