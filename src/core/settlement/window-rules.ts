import { DomainError } from '../errors';
import { currencyScale, type Decimal, toMinorUnits } from '../money';
import { compareIds } from '../netting/obligation';
import { ruleLabel, simulate } from '../simulation';
import type { QueuePolicy, Rule, ShortfallPolicy } from '../simulation';
import { allocatePayments } from '../workload/payment-batch';
import type { PlannedObligation } from './settlement-plan';

/**
 * How a region settles the regional tier of its windows, chosen per region. The netting rules settle
 * at the window's close; gross and the LSM settle each payment as it arrives when its central bank's
 * liquidity allows and queue it otherwise. What is left unsettled at the close is unwound (the payments
 * fail) or carried over to the next window, as the shortfall policy says.
 */
export type SettlementModel =
  | { rule: 'multilateral' | 'bilateral'; shortfall: ShortfallPolicy }
  | { rule: 'gross'; queue: QueuePolicy; shortfall: 'unwind' | 'carry-over' }
  | {
      rule: 'lsm';
      queue: QueuePolicy;
      gridlock: 'fifo-exact' | 'greedy-value';
      offsetEverySeconds: number;
      shortfall: 'unwind' | 'carry-over';
    };

export interface WindowSettlementInput {
  settlementAsset: string;
  model: SettlementModel;
  /** The window's regional obligations (debtor and creditor are central banks), with when each was recorded. */
  obligations: readonly (PlannedObligation & { recordedAt: Date })[];
  /** Every central bank of the region: balance on its settlement account and net debit cap. */
  liquidity: readonly { party: string; balance: Decimal; netDebitCap: Decimal }[];
  openedAt: Date;
  closedAt: Date;
}

export interface WindowSettlementDecision {
  /** The rule as people read it, e.g. "LSM (FIFO, exact gridlock, every 1 min)". */
  ruleLabel: string;
  settledReferences: string[];
  /** References the rule could not settle in this window, to unwind or to carry over. */
  unsettledReferences: string[];
  outcome: 'unwound' | 'carried-over';
}

/**
 * Runs the window's regional obligations through the netting laboratory's engine — the same engine
 * researchers simulate with — under the region's settlement model, and says which payments and refunds
 * settle. The window is the engine's day: it opens at 0 and closes at its length in seconds; each
 * reference arrives when its first obligation was recorded. A payment and its refunds in one window
 * settle or fail together, so the engine sees one payment per reference, for their net amount.
 */
export function decideWindowSettlement(input: WindowSettlementInput): WindowSettlementDecision {
  const { model, settlementAsset } = input;
  const windowSeconds = Math.max(1, Math.ceil((input.closedAt.getTime() - input.openedAt.getTime()) / 1000));
  // The close is itself an LSM round: the day runs on to the next round at or after it, so queued
  // payments get one last offsetting and gridlock resolution before the shortfall policy applies.
  const dayLength = model.rule === 'lsm' ? Math.ceil(windowSeconds / model.offsetEverySeconds) * model.offsetEverySeconds : windowSeconds;
  const rule = engineRule(model, dayLength);
  const outcome = model.shortfall === 'unwind' ? 'unwound' : 'carried-over';
  const references = netByReference(input.obligations, settlementAsset, input.openedAt, dayLength);
  const parties = [...input.liquidity].sort((a, b) => compareIds(a.party, b.party));
  const partyIndex = new Map(parties.map((p, i) => [p.party, i]));

  const moving = references.filter((r) => r.amount > 0n);
  const settled = new Set(references.filter((r) => r.amount === 0n).map((r) => r.reference));
  const unsettled: string[] = [];
  if (moving.length > 0) {
    const batch = allocatePayments(moving.length);
    moving.forEach((r, i) => {
      batch.sender[i] = indexOf(partyIndex, r.debtor);
      batch.receiver[i] = indexOf(partyIndex, r.creditor);
      batch.amount[i] = safeNumber(r.amount, settlementAsset);
      batch.arrival[i] = r.arrival;
    });
    const minor = (value: Decimal) => safeNumber(toMinorUnits(value, settlementAsset), settlementAsset);
    const result = simulate({
      parties: parties.map((p) => ({ code: p.party, currency: settlementAsset, tier: 'core' })),
      currencies: [{ code: settlementAsset, scale: currencyScale(settlementAsset) }],
      payments: batch,
      liquidity: {
        opening: [Float64Array.from(parties, (p) => minor(p.balance))],
        netDebitCap: [Float64Array.from(parties, (p) => minor(p.netDebitCap))],
      },
      rule,
      dayLengthSeconds: dayLength,
    });
    moving.forEach((r, i) => {
      if (Number.isNaN(result.settledAt[i])) unsettled.push(r.reference);
      else settled.add(r.reference);
    });
  }
  return {
    ruleLabel: ruleLabel(rule),
    settledReferences: [...settled].sort(compareIds),
    unsettledReferences: unsettled.sort(compareIds),
    outcome,
  };
}

/** The engine's rule for a window of `dayLength` seconds: netting rules close once, at its end. */
function engineRule(model: SettlementModel, dayLength: number): Rule {
  switch (model.rule) {
    case 'multilateral':
    case 'bilateral':
      return { kind: model.rule, cycleSeconds: dayLength, shortfall: model.shortfall };
    case 'gross':
      return { kind: 'gross', queue: model.queue };
    case 'lsm':
      return { kind: 'lsm', queue: model.queue, gridlock: model.gridlock, offsetEverySeconds: model.offsetEverySeconds };
  }
}

interface ReferenceFlow {
  reference: string;
  debtor: string;
  creditor: string;
  /** Minor units of the settlement asset; 0 when the reference's obligations cancel out. */
  amount: bigint;
  /** Seconds after the window opened. */
  arrival: number;
}

/** One flow per reference, in arrival order: what its debtor owes its creditor after offsetting. */
function netByReference(
  obligations: WindowSettlementInput['obligations'],
  asset: string,
  openedAt: Date,
  dayLength: number,
): ReferenceFlow[] {
  const flows = new Map<string, ReferenceFlow>();
  for (const o of obligations) {
    if (o.currency !== asset) {
      throw new DomainError('invalid_obligation', `regional obligation ${o.id} is in ${o.currency}, not the settlement asset ${asset}`);
    }
    const amount = toMinorUnits(o.amount, asset);
    const arrival = Math.min(dayLength, Math.max(0, (o.recordedAt.getTime() - openedAt.getTime()) / 1000));
    const flow = flows.get(o.reference);
    if (!flow) {
      flows.set(o.reference, { reference: o.reference, debtor: o.debtor, creditor: o.creditor, amount, arrival });
      continue;
    }
    flow.arrival = Math.min(flow.arrival, arrival);
    if (o.debtor === flow.debtor && o.creditor === flow.creditor) flow.amount += amount;
    else if (o.debtor === flow.creditor && o.creditor === flow.debtor) flow.amount -= amount;
    else throw new DomainError('invalid_obligation', `reference ${o.reference} has regional legs between more than two central banks`);
  }
  return [...flows.values()]
    .map((f) => (f.amount < 0n ? { ...f, debtor: f.creditor, creditor: f.debtor, amount: -f.amount } : f))
    .sort((a, b) => a.arrival - b.arrival || compareIds(a.reference, b.reference));
}

function indexOf(index: Map<string, number>, party: string): number {
  const i = index.get(party);
  if (i === undefined) throw new DomainError('invalid_obligation', `central bank ${party} has no liquidity entry`);
  return i;
}

/** The engine counts minor units in doubles: exact up to 2^53, refused beyond. */
function safeNumber(units: bigint, currency: string): number {
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError(
      'amount_too_large',
      `an amount of ${units} minor units of ${currency} is beyond what settlement can count exactly`,
    );
  }
  return Number(units);
}
