import { requireRole } from '../access/access-policy';
import { notFound } from '../access/access-policy';
import type { Principal, Role } from '../access/principal';
import type { CentralBank } from '../../generated/prisma/client';
import type { Tx } from '../shared/persistence';

export type BankWithAsset = CentralBank & { region: { settlementAsset: string; clockOffsetMs: bigint } };

/**
 * The central bank a liquidity request is about, if the key may act on it: the operator of its region
 * (or the platform operator), or — where `roles` allow — the central bank itself. Another central bank
 * is out of scope: 404, never 403, so ids cannot be probed.
 */
export async function centralBankInScope(
  db: Tx,
  principal: Principal,
  id: string,
  roles: Role[] = ['operator', 'central_bank'],
): Promise<BankWithAsset> {
  requireRole(principal, ...roles);
  if (principal.role === 'central_bank' && principal.subjectId !== id) throw notFound('central bank', id);
  const bank = await db.centralBank.findFirst({
    where: { id, ...(principal.regionId ? { regionId: principal.regionId } : {}) },
    include: { region: { select: { settlementAsset: true, clockOffsetMs: true } } },
  });
  if (!bank) throw notFound('central bank', id);
  return bank;
}

/** Row-locks the central bank, so liquidity decisions about it (withdrawals, releases, captures) queue up instead of racing. */
export async function lockCentralBanks(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  // Sorted, so two transactions locking overlapping sets cannot deadlock.
  await tx.$queryRaw`SELECT id FROM central_banks WHERE id = ANY(${[...new Set(ids)].sort()}::text[]) ORDER BY id FOR UPDATE`;
}
