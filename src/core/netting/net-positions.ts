import { Decimal } from '../money/decimal';
import { FlowBook } from './flow-book';
import { type Obligation, assertObligation, compareIds } from './obligation';

export interface NetPosition {
  party: string;
  currency: string;
  sent: Decimal;
  received: Decimal;
  /** received − sent: positive is a net creditor */
  net: Decimal;
}

/** What payer owes payee after offsetting the pair (amount > 0; pairs that net to 0 are omitted). */
export interface BilateralNet {
  currency: string;
  payer: string;
  payee: string;
  amount: Decimal;
}

export interface NettingMetrics {
  currency: string;
  /** G = Σ v */
  gross: Decimal;
  /** BN = Σ_{i<j} |x_ij − x_ji| */
  bilateralNet: Decimal;
  /** M = ½ Σ |N_i| = Σ max(0, −N_i) */
  multilateralNet: Decimal;
  /** 1 − M/G, 0 when G = 0 */
  nettingEfficiency: Decimal;
  /** 1 − BN/G, 0 when G = 0 */
  bilateralEfficiency: Decimal;
  obligationCount: number;
}

/** N_i = Σ_j x_ji − Σ_j x_ij per party and currency; one row per (party, currency), by currency then party. */
export function multilateralNetPositions(obligations: Iterable<Obligation>): NetPosition[] {
  const book = new FlowBook();
  let index = 0;
  for (const obligation of obligations) {
    assertObligation(obligation, `obligations[${index++}]`);
    book.add(obligation);
  }
  return book.positions();
}

/** Per currency and pair, x_ij − x_ji: the one payment that settles the pair under bilateral netting. */
export function bilateralNetPositions(obligations: Iterable<Obligation>): BilateralNet[] {
  // currency → lower id → higher id → (owed by lower to higher) − (owed by higher to lower)
  const byCurrency = new Map<string, Map<string, Map<string, Decimal>>>();
  let index = 0;
  for (const obligation of obligations) {
    assertObligation(obligation, `obligations[${index++}]`);
    const { debtor, creditor, amount } = obligation;
    const [low, high, signed] = debtor < creditor ? [debtor, creditor, amount] : [creditor, debtor, amount.negated()];
    let byLow = byCurrency.get(obligation.currency);
    if (!byLow) byCurrency.set(obligation.currency, (byLow = new Map()));
    let byHigh = byLow.get(low);
    if (!byHigh) byLow.set(low, (byHigh = new Map()));
    byHigh.set(high, (byHigh.get(high) ?? new Decimal(0)).plus(signed));
  }
  const nets: BilateralNet[] = [];
  for (const [currency, byLow] of byCurrency) {
    for (const [low, byHigh] of byLow) {
      for (const [high, owed] of byHigh) {
        if (owed.isZero()) continue;
        nets.push(
          owed.isPositive()
            ? { currency, payer: low, payee: high, amount: owed }
            : { currency, payer: high, payee: low, amount: owed.negated() },
        );
      }
    }
  }
  return nets.sort((a, b) => compareIds(a.currency, b.currency) || compareIds(a.payer, b.payer) || compareIds(a.payee, b.payee));
}

function efficiency(net: Decimal, gross: Decimal): Decimal {
  return gross.isZero() ? new Decimal(0) : new Decimal(1).minus(net.div(gross));
}

/** The DESIGN.md netting metrics, one row per currency, by currency. */
export function nettingMetrics(obligations: Iterable<Obligation>): NettingMetrics[] {
  const all = [...obligations];
  const byCurrency = new Map<string, { gross: Decimal; count: number; bilateral: Decimal; multilateral: Decimal }>();
  for (const { currency, amount } of all) {
    const row = byCurrency.get(currency) ?? { gross: new Decimal(0), count: 0, bilateral: new Decimal(0), multilateral: new Decimal(0) };
    row.gross = row.gross.plus(amount);
    row.count += 1;
    byCurrency.set(currency, row);
  }
  for (const { currency, amount } of bilateralNetPositions(all)) {
    const row = byCurrency.get(currency)!;
    row.bilateral = row.bilateral.plus(amount);
  }
  for (const { currency, net } of multilateralNetPositions(all)) {
    if (!net.lt(0)) continue;
    const row = byCurrency.get(currency)!;
    row.multilateral = row.multilateral.minus(net);
  }
  return [...byCurrency.keys()].sort(compareIds).map((currency) => {
    const { gross, count, bilateral, multilateral } = byCurrency.get(currency)!;
    return {
      currency,
      gross,
      bilateralNet: bilateral,
      multilateralNet: multilateral,
      nettingEfficiency: efficiency(multilateral, gross),
      bilateralEfficiency: efficiency(bilateral, gross),
      obligationCount: count,
    };
  });
}
