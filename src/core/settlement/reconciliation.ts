import { Decimal } from '../money/decimal';
import { multilateralNetPositions, type NetPosition } from '../netting/net-positions';
import { compareIds } from '../netting/obligation';
import { type PaymentLegs, captureObligations, refundObligations } from '../payments/two-tier-obligations';

/**
 * What a net position settles as: a net debtor pays the settlement agent, the agent pays a net
 * creditor; a flat position moves nothing. The amount is always ≥ 0.
 */
export interface SettlementInstruction {
  direction: 'pays_agent' | 'paid_by_agent' | 'none';
  amount: Decimal;
}

export function settlementInstruction(net: Decimal): SettlementInstruction {
  if (net.isZero()) return { direction: 'none', amount: new Decimal(0) };
  return net.isNegative() ? { direction: 'pays_agent', amount: net.negated() } : { direction: 'paid_by_agent', amount: net };
}

/** Σ max(0, −N_i): the liquidity a window's net debtors bring to settle it (equal to M under netting). */
export function liquidityUsed(nets: Iterable<Decimal>): Decimal {
  let total = new Decimal(0);
  for (const net of nets) if (net.isNegative()) total = total.minus(net);
  return total;
}

/** A captured payment or a refund as its own record states it: the two tiers' legs, and which way it flows. */
export interface SettledRecord {
  kind: 'capture' | 'refund';
  legs: PaymentLegs;
}

export interface ExpectedPositions {
  /** per central bank, in the settlement asset */
  regional: NetPosition[];
  /** per participant and central bank, in local currencies */
  domestic: NetPosition[];
}

/**
 * The net positions a window must show, recomputed from the payments and refunds it settled (their
 * recorded payer, merchant and settlement amounts), not from its stored obligations: the independent
 * side of a reconciliation.
 */
export function expectedPositions(records: Iterable<SettledRecord>): ExpectedPositions {
  const obligations = [...records].flatMap(({ kind, legs }) => (kind === 'capture' ? captureObligations(legs) : refundObligations(legs)));
  const withIds = obligations.map((o, i) => ({ ...o, id: String(i) }));
  return {
    regional: multilateralNetPositions(withIds.filter((o) => o.tier === 'regional')),
    domestic: multilateralNetPositions(withIds.filter((o) => o.tier === 'domestic')),
  };
}

export interface PositionDifference {
  party: string;
  currency: string;
  expected: Decimal;
  actual: Decimal;
}

/** Parties whose net differs between two sets of positions (a party missing from one side counts as 0). */
export function positionDifferences(expected: readonly NetPosition[], actual: readonly NetPosition[]): PositionDifference[] {
  const key = (p: { party: string; currency: string }) => `${p.currency}\u0000${p.party}`;
  const rows = new Map<string, PositionDifference>();
  for (const p of expected) rows.set(key(p), { party: p.party, currency: p.currency, expected: p.net, actual: new Decimal(0) });
  for (const p of actual) {
    const row = rows.get(key(p)) ?? { party: p.party, currency: p.currency, expected: new Decimal(0), actual: new Decimal(0) };
    row.actual = row.actual.plus(p.net);
    rows.set(key(p), row);
  }
  return [...rows.values()]
    .filter((r) => !r.expected.eq(r.actual))
    .sort((a, b) => compareIds(a.currency, b.currency) || compareIds(a.party, b.party));
}

/**
 * How a central bank's two tiers meet. Its domestic net (local currency) is the mirror of its
 * participants' nets, and every cross-border payment that moved its domestic net moved its regional
 * net by that payment's recorded settlement amount: the regional net is exactly the sum of the
 * settlement-asset legs of the payments behind the domestic one.
 */
export interface TierReconciliation {
  centralBank: string;
  currency: string;
  /** the central bank's own domestic position (local currency) */
  domesticNet: Decimal;
  /** Σ of its participants' domestic nets; domesticNet + participantsNet = 0 */
  participantsNet: Decimal;
  /** its regional position (settlement asset) */
  regionalNet: Decimal;
  /** Σ of the settlement-asset legs of its cross-border records, signed as the regional tier sees them */
  regionalFromLegs: Decimal;
  balanced: boolean;
}

export function reconcileTiers(
  records: Iterable<SettledRecord>,
  positions: { regional: readonly NetPosition[]; domestic: readonly NetPosition[] },
  centralBankOfParticipant: ReadonlyMap<string, string>,
): TierReconciliation[] {
  const banks = new Map<string, TierReconciliation>();
  const bank = (id: string, currency: string) => {
    let row = banks.get(id);
    if (!row) {
      const zero = new Decimal(0);
      row = {
        centralBank: id,
        currency,
        domesticNet: zero,
        participantsNet: zero,
        regionalNet: zero,
        regionalFromLegs: zero,
        balanced: false,
      };
      banks.set(id, row);
    }
    return row;
  };
  for (const p of positions.domestic) {
    const owner = centralBankOfParticipant.get(p.party);
    if (owner === undefined) bank(p.party, p.currency).domesticNet = bank(p.party, p.currency).domesticNet.plus(p.net);
    else bank(owner, p.currency).participantsNet = bank(owner, p.currency).participantsNet.plus(p.net);
  }
  for (const p of positions.regional) {
    const row = banks.get(p.party);
    if (row) row.regionalNet = row.regionalNet.plus(p.net);
  }
  for (const { kind, legs } of records) {
    if (legs.payerCentralBankId === legs.merchantCentralBankId) continue;
    const signed = kind === 'capture' ? legs.settlementAmount : legs.settlementAmount.negated();
    const payer = banks.get(legs.payerCentralBankId);
    if (payer) payer.regionalFromLegs = payer.regionalFromLegs.minus(signed);
    const merchant = banks.get(legs.merchantCentralBankId);
    if (merchant) merchant.regionalFromLegs = merchant.regionalFromLegs.plus(signed);
  }
  return [...banks.values()]
    .map((row) => ({ ...row, balanced: row.domesticNet.plus(row.participantsNet).isZero() && row.regionalNet.eq(row.regionalFromLegs) }))
    .sort((a, b) => compareIds(a.centralBank, b.centralBank));
}
