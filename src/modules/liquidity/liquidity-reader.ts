import { Injectable } from '@nestjs/common';
import { Decimal, type LiquidityState } from '../../core';
import type { CentralBank } from '../../generated/prisma/client';
import type { Tx } from '../shared/persistence';
import { toDecimal } from '../shared/wire-format';

/** A central bank's liquidity as the core computes with it, plus what the API shows besides. */
export interface BankLiquidity {
  bank: CentralBank;
  state: LiquidityState;
  /** Market value of pledged collateral (the credit line is after haircuts). */
  collateral: Decimal;
  windowId: string | null;
  suspended: boolean;
}

/**
 * Reads central banks' liquidity with a few aggregate queries (no scan of every obligation row beyond
 * the open window's regional ones for the banks asked about): reserved withdrawals, pledged collateral,
 * and the net position over the open window's pending regional obligations.
 */
@Injectable()
export class LiquidityReader {
  async read(db: Tx, banks: readonly CentralBank[]): Promise<Map<string, BankLiquidity>> {
    const result = new Map<string, BankLiquidity>();
    if (banks.length === 0) return result;
    const ids = banks.map((b) => b.id);
    const regionIds = [...new Set(banks.map((b) => b.regionId))];
    const [withdrawals, pledges, windows, suspensions] = await Promise.all([
      db.funding.groupBy({
        by: ['centralBankId'],
        where: { centralBankId: { in: ids }, direction: 'withdraw', status: 'reserved' },
        _sum: { amount: true },
      }),
      db.collateralPledge.groupBy({
        by: ['centralBankId'],
        where: { centralBankId: { in: ids }, status: 'pledged' },
        _sum: { amount: true, creditValue: true },
      }),
      db.settlementWindow.findMany({ where: { regionId: { in: regionIds }, status: 'open' }, select: { id: true, regionId: true } }),
      db.fault.findMany({ where: { centralBankId: { in: ids }, kind: 'suspension', status: 'active' }, select: { centralBankId: true } }),
    ]);
    const windowOf = new Map(windows.map((w) => [w.regionId, w.id]));
    const nets = await this.netPositions(db, [...windowOf.values()], ids);
    const reserved = new Map(withdrawals.map((w) => [w.centralBankId, toDecimal(w._sum.amount ?? 0)]));
    const pledged = new Map(pledges.map((p) => [p.centralBankId, p._sum]));
    const suspended = new Set(suspensions.map((s) => s.centralBankId));
    for (const bank of banks) {
      const sums = pledged.get(bank.id);
      result.set(bank.id, {
        bank,
        state: {
          balance: toDecimal(bank.prefundedBalance),
          reservedWithdrawals: reserved.get(bank.id) ?? new Decimal(0),
          creditLine: toDecimal(sums?.creditValue ?? 0),
          netDebitCap: toDecimal(bank.netDebitCap),
          netPosition: nets.get(bank.id) ?? new Decimal(0),
        },
        collateral: toDecimal(sums?.amount ?? 0),
        windowId: windowOf.get(bank.regionId) ?? null,
        suspended: suspended.has(bank.id),
      });
    }
    return result;
  }

  async readOne(db: Tx, bank: CentralBank): Promise<BankLiquidity> {
    return (await this.read(db, [bank])).get(bank.id)!;
  }

  /** received − sent per central bank over the windows' pending regional obligations. */
  private async netPositions(db: Tx, windowIds: string[], bankIds: string[]): Promise<Map<string, Decimal>> {
    if (windowIds.length === 0) return new Map();
    const rows = await db.$queryRaw<{ party: string; net: string }[]>`
      SELECT party, SUM(amount)::text AS net FROM (
        SELECT creditor_id AS party, amount FROM obligations
        WHERE window_id = ANY(${windowIds}::text[]) AND tier = 'regional' AND status = 'pending' AND creditor_id = ANY(${bankIds}::text[])
        UNION ALL
        SELECT debtor_id AS party, -amount FROM obligations
        WHERE window_id = ANY(${windowIds}::text[]) AND tier = 'regional' AND status = 'pending' AND debtor_id = ANY(${bankIds}::text[])
      ) flows GROUP BY party`;
    return new Map(rows.map((r) => [r.party, toDecimal(r.net)]));
  }
}
