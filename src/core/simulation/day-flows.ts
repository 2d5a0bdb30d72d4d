// Why a second multilateral netting next to `src/core/netting`: that one is the live service's, on
// Decimal amounts and string ids, checking every obligation — right for a settlement window, far too slow
// for a laboratory that nets millions of payments per run and many runs per scenario. This one is its
// fast twin on integer minor units in typed arrays indexed by party; a property test keeps both agreeing.
import { DomainError } from '../errors';
import { Decimal } from '../money/decimal';
import type { Currency, PartySpec, PaymentBatch } from '../workload/payment-batch';
import type { NettedPayments } from './netted-payments';
import { PairNets } from './pair-nets';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Refuses a total past 2^53 − 1 minor units: beyond it doubles no longer hold every integer, and sums of
 * amounts would silently round. Gross value bounds every position and partial sum, so checking it suffices.
 */
export function assertSafeTotal(total: number, what: string): void {
  if (!(total <= MAX_SAFE)) {
    throw new DomainError('amount_too_large', `${what} exceeds ${MAX_SAFE} minor units: exact integer sums are no longer possible`);
  }
}

/**
 * Multilateral net positions N_i = received − sent of every party in every currency, as
 * net[currency × partyCount + party] in minor units: the engine's netting kernel.
 */
export function multilateralPositions(batch: PaymentBatch, partyCount: number, currencyCount: number): Float64Array {
  const net = new Float64Array(currencyCount * partyCount);
  const gross = new Float64Array(currencyCount);
  const { sender, receiver, currency, amount, count } = batch;
  for (let k = 0; k < count; k++) {
    const c = currency[k]!;
    const base = c * partyCount;
    const value = amount[k]!;
    net[base + sender[k]!]! -= value;
    net[base + receiver[k]!]! += value;
    gross[c]! += value;
  }
  for (const total of gross) assertSafeTotal(total, 'the gross value of a currency');
  return net;
}

/** What the day's payments of one currency add up to, before any rule decides what settles. */
export interface DayFlows {
  /** G = Σ v */
  gross: number;
  /** BN = Σ_{i<j} |x_ij − x_ji| */
  bilateralNet: number;
  /** M = ½ Σ |N_i| */
  multilateralNet: number;
  /** LB_i = max(0, −N_i(T)) */
  lowerBound: Float64Array;
  /** UB_i = max(0, max_t −C_i(t)), C_i running received − sent with every payment settled on arrival */
  upperBound: Float64Array;
}

export function dayFlows(payments: NettedPayments, partyCount: number): DayFlows {
  const running = new Float64Array(partyCount);
  const upperBound = new Float64Array(partyCount);
  const pairs = new PairNets(partyCount);
  const { sender, receiver, amount, count } = payments;
  let gross = 0;
  for (let k = 0; k < count; k++) {
    const from = sender[k]!;
    const to = receiver[k]!;
    const value = amount[k]!;
    gross += value;
    const after = (running[from]! -= value);
    if (-after > upperBound[from]!) upperBound[from] = -after;
    running[to]! += value;
    if (from < to) pairs.add(from, to, value);
    else pairs.add(to, from, -value);
  }
  assertSafeTotal(gross, 'the gross value of a currency');
  const bilateralNet = pairs.totalAbsolute();
  const lowerBound = new Float64Array(partyCount);
  let multilateralNet = 0;
  for (let party = 0; party < partyCount; party++) {
    const debit = Math.max(0, -running[party]!);
    lowerBound[party] = debit;
    multilateralNet += debit;
  }
  return { gross, bilateralNet, multilateralNet, lowerBound, upperBound };
}

/**
 * LB and UB per party for every currency of the input, in currency order: with opening balances at UB
 * gross settlement never queues; with LB, one multilateral cycle over the whole day settles everything.
 * A currency without payments has zero bounds. UB follows the batch order for payments arriving at the
 * same instant, as the engine does.
 */
export function lowerAndUpperBounds(input: {
  parties: readonly PartySpec[];
  currencies: readonly Currency[];
  payments: PaymentBatch;
}): { currency: string; lb: Float64Array; ub: Float64Array }[] {
  const partyCount = input.parties.length;
  const { sender, receiver, currency, amount, count } = input.payments;
  const running = new Float64Array(input.currencies.length * partyCount);
  const upper = new Float64Array(input.currencies.length * partyCount);
  const gross = new Float64Array(input.currencies.length);
  for (let k = 0; k < count; k++) {
    const c = currency[k]!;
    const base = c * partyCount;
    const value = amount[k]!;
    gross[c]! += value;
    const from = base + sender[k]!;
    const after = (running[from]! -= value);
    if (-after > upper[from]!) upper[from] = -after;
    running[base + receiver[k]!]! += value;
  }
  for (const total of gross) assertSafeTotal(total, 'the gross value of a currency');
  return input.currencies.map(({ code }, c) => {
    const lb = new Float64Array(partyCount);
    for (let party = 0; party < partyCount; party++) lb[party] = Math.max(0, -running[c * partyCount + party]!);
    return { currency: code, lb, ub: upper.slice(c * partyCount, (c + 1) * partyCount) };
  });
}

/**
 * Liquidity scenario L(α) = LB + α(UB − LB), per currency and party, ready to use as opening balances.
 * α is read as the decimal it prints as (0.1 is one tenth, not the nearest double) and each result is
 * rounded up to a whole minor unit, so a scenario never holds less than the formula asks.
 */
export function liquidityAt(alpha: number, bounds: ReturnType<typeof lowerAndUpperBounds>): Float64Array[] {
  if (!Number.isFinite(alpha) || alpha < 0) {
    throw new DomainError('invalid_liquidity_level', 'α must be a finite number of at least 0 (0 is LB, 1 is UB)', 'alpha');
  }
  const [whole, fraction = ''] = new Decimal(alpha).toFixed().split('.');
  const numerator = BigInt(`${whole}${fraction}`);
  const denominator = 10n ** BigInt(fraction.length);
  return bounds.map(({ lb, ub }) =>
    Float64Array.from(lb, (low, party) => {
      const spread = BigInt(ub[party]! - low) * numerator;
      const share = (spread + denominator - 1n) / denominator;
      const level = low + Number(share);
      assertSafeTotal(level, 'a liquidity level');
      return level;
    }),
  );
}
