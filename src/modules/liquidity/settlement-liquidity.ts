import { Injectable } from '@nestjs/common';
import type { Schemas } from '../../adapters/http/openapi-document';
import { Decimal } from '../../core';
import type { CentralBank, Fault, SettlementWindow } from '../../generated/prisma/client';
import type { Tx } from '../shared/persistence';
import { regionNow } from '../shared/region-time';
import { FundingPoster } from './funding-poster';
import { LiquidityReader } from './liquidity-reader';

/** The obligations of a closing window, as far as faults care: who owes whom on which reference. */
interface ClosingObligation {
  reference: string;
  tier: 'regional' | 'domestic';
  debtor: string;
  creditor: string;
}

/** What the region's faults mean for one close. */
export interface CloseFaults {
  /** Each central bank's liquidity as the engine sees it: own funds (less reserved withdrawals) plus credit, and the cap. */
  liquidity: { party: string; balance: Decimal; netDebitCap: Decimal }[];
  /** References a suspension takes out of the window before the rule runs, with the fault. */
  suspended: Map<string, Fault>;
  faults: Fault[];
}

/** Which fault made a reference unsettled, and the reason its payment shows. */
export type FaultAttribution = Map<string, { fault: Fault; reason: string }>;

/**
 * The liquidity side of a window's close: balances, credit lines and caps for the rule and the plan,
 * with the region's injected faults applied — a member default counts a central bank's liquidity as 0,
 * a late funding is left out until after the close and then committed, a suspension takes its party's
 * payments out — and the record of what each fault did, on the window.
 */
@Injectable()
export class SettlementLiquidity {
  constructor(
    private readonly reader: LiquidityReader,
    private readonly poster: FundingPoster,
  ) {}

  async atClose(tx: Tx, window: SettlementWindow, banks: CentralBank[], obligations: readonly ClosingObligation[]): Promise<CloseFaults> {
    const faults = await tx.fault.findMany({ where: { regionId: window.regionId, status: 'active' }, orderBy: { id: 'asc' } });
    const liquidity = await this.reader.read(tx, banks);
    const defaulted = new Set(faults.filter((f) => f.kind === 'member_default').map((f) => f.centralBankId));
    const suspendedParty = new Map(faults.filter((f) => f.kind === 'suspension').map((f) => [(f.participantId ?? f.centralBankId)!, f]));
    const suspended = new Map<string, Fault>();
    for (const o of obligations) {
      const fault = suspendedParty.get(o.debtor) ?? suspendedParty.get(o.creditor);
      if (fault && !suspended.has(o.reference)) suspended.set(o.reference, fault);
    }
    return {
      liquidity: banks.map((bank) => {
        const { state } = liquidity.get(bank.id)!;
        const own = state.balance.minus(state.reservedWithdrawals).plus(state.creditLine);
        return { party: bank.id, balance: defaulted.has(bank.id) ? new Decimal(0) : own, netDebitCap: state.netDebitCap };
      }),
      suspended,
      faults,
    };
  }

  /** What each central bank can pay at settlement: balance plus credit line, within its cap. */
  async available(tx: Tx, banks: CentralBank[], asset: string): Promise<{ party: string; currency: string; available: Decimal }[]> {
    const liquidity = await this.reader.read(tx, banks);
    return banks.map((bank) => {
      const { state } = liquidity.get(bank.id)!;
      return { party: bank.id, currency: asset, available: Decimal.min(state.balance.plus(state.creditLine), state.netDebitCap) };
    });
  }

  /**
   * Which unsettled references a fault accounts for: a suspension's own, and those whose regional debtor
   * is under a member default or a late funding at this close.
   */
  attribute(
    window: SettlementWindow,
    close: CloseFaults,
    unsettled: readonly string[],
    obligations: readonly ClosingObligation[],
  ): FaultAttribution {
    const attribution: FaultAttribution = new Map();
    for (const [reference, fault] of close.suspended) {
      const who = fault.participantId ?? fault.centralBankId;
      attribution.set(reference, { fault, reason: `Taken out of window ${window.number}: ${who} is suspended (fault ${fault.id}).` });
    }
    const debtorOf = new Map(obligations.filter((o) => o.tier === 'regional').map((o) => [o.reference, o.debtor]));
    const byBank = new Map(close.faults.filter((f) => f.kind !== 'suspension').map((f) => [f.centralBankId!, f]));
    for (const reference of unsettled) {
      const fault = byBank.get(debtorOf.get(reference) ?? '');
      if (!fault || attribution.has(reference)) continue;
      const why =
        fault.kind === 'member_default'
          ? `its central bank ${fault.centralBankId} defaulted (fault ${fault.id}) and could pay nothing`
          : `the prefund ${fault.fundingId} of its central bank ${fault.centralBankId} arrived late (fault ${fault.id})`;
      attribution.set(reference, { fault, reason: `Not settled at the close of window ${window.number}: ${why}.` });
    }
    return attribution;
  }

  /**
   * After the rule has run: member defaults and late fundings are spent (a late funding commits now, after
   * the close that ran without it), and the window keeps what every fault did.
   */
  async afterClose(
    tx: Tx,
    window: SettlementWindow,
    close: CloseFaults,
    attribution: FaultAttribution,
    outcome: 'unwound' | 'carried-over',
    asset: string,
  ) {
    // What the close did happened at the close, in the region's sandbox time.
    const now = window.closedAt ?? (await regionNow(tx, window.regionId));
    const effects: Schemas['FaultEffect'][] = [];
    for (const fault of close.faults) {
      const references = [...attribution].filter(([, a]) => a.fault.id === fault.id).map(([reference]) => reference);
      if (fault.kind !== 'suspension') {
        await tx.fault.update({ where: { id: fault.id }, data: { status: 'applied', appliedWindowId: window.id, appliedAt: now } });
      }
      if (fault.kind === 'late_funding' && fault.fundingId) {
        const funding = await tx.funding.findUnique({ where: { id: fault.fundingId } });
        if (funding?.status === 'reserved') await this.poster.commit(tx, funding, asset, now);
      }
      if (fault.kind === 'suspension' && references.length === 0) continue;
      effects.push({
        fault_id: fault.id,
        kind: fault.kind,
        central_bank_id: fault.centralBankId,
        participant_id: fault.participantId,
        funding_id: fault.fundingId,
        unwound_payment_ids: outcome === 'unwound' ? references : [],
        carried_over_payment_ids: outcome === 'carried-over' ? references : [],
      });
    }
    if (effects.length > 0) {
      await tx.settlementWindow.update({ where: { id: window.id }, data: { faultEffects: effects } });
    }
  }
}
