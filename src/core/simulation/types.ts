import type { Currency, PartySpec, PaymentBatch } from '../workload/payment-batch';

/** `fifo`: only a queue's head may settle; `bypass-fifo`: later payments that fit overtake a blocked head. */
export type QueuePolicy = 'fifo' | 'bypass-fifo';

/**
 * When a debtor cannot cover what it owes at a cycle's close: `unwind` drops its payments of the cycle,
 * `carry-over` moves them to the next cycle, `largest-feasible` settles the largest feasible set of the
 * cycle's payments (per sender, a prefix in arrival order) and carries the rest.
 */
export type ShortfallPolicy = 'unwind' | 'carry-over' | 'largest-feasible';

export type Rule =
  | { kind: 'gross'; queue: QueuePolicy }
  | { kind: 'bilateral'; cycleSeconds: number; shortfall: ShortfallPolicy }
  | { kind: 'multilateral'; cycleSeconds: number; shortfall: ShortfallPolicy }
  | {
      kind: 'lsm';
      queue: QueuePolicy;
      offsetEverySeconds: number;
      /** `fifo-exact` keeps queue order and is optimal; `greedy-value` is the named heuristic for the unconstrained case */
      gridlock: 'fifo-exact' | 'greedy-value';
    };

/** Per currency index, per party index, in minor units. */
export interface LiquiditySpec {
  /** opening balance: opening[currency][party] */
  opening: Float64Array[];
  /** collateralised credit line available on top of the balance; 0 when absent */
  credit?: Float64Array[];
  /** largest net debit (sent − received) a party may run; Infinity when absent */
  netDebitCap?: Float64Array[];
}

export interface SimulationInput {
  parties: PartySpec[];
  currencies: Currency[];
  payments: PaymentBatch;
  liquidity: LiquiditySpec;
  rule: Rule;
  dayLengthSeconds: number;
  /**
   * When set (a currency index), every payment is converted into this currency when the run starts and
   * all are netted together against `liquidity.*[settlementCurrency]`; else each currency is netted on
   * its own (CLS-style).
   */
  settlementCurrency?: number;
  /** Needed with `settlementCurrency` when payments are in other currencies: as `WorkloadSpec.ratesPerAsset`. */
  ratesPerAsset?: Record<string, string>;
}

export interface QueuePoint {
  /** seconds since the start of the day */
  t: number;
  /** value waiting (minor units): queued, or for netting rules not yet settled */
  value: number;
  count: number;
}

export interface SimulationMetrics {
  currency: string;
  /** G = Σ v over the day's payments (minor units) */
  gross: number;
  /** BN = Σ_{i<j} |x_ij − x_ji| */
  bilateralNet: number;
  /** M = ½ Σ |N_i| */
  multilateralNet: number;
  /** 1 − M/G (0 when G = 0) */
  nettingEfficiency: number;
  /** 1 − BN/G (0 when G = 0) */
  bilateralEfficiency: number;
  /** Σ_i LB_i, LB_i = max(0, −N_i(T)) */
  lowerBoundLiquidity: number;
  /** Σ_i UB_i, UB_i = max(0, max_t −C_i(t)) with every payment settled on arrival */
  upperBoundLiquidity: number;
  /** Σ_i max net debit (sent − received) actually reached under the rule */
  liquidityUsed: number;
  /** settled value / liquidityUsed; 0 when no party ever ran a net debit (the ratio is undefined) */
  liquidityEfficiency: number;
  /** ρ = Σ v_k (t_k − a_k) / Σ v_k (T − a_k), unsettled payments with t_k = T */
  delayIndicator: number;
  settledCount: number;
  settledValue: number;
  unsettledCount: number;
  unsettledValue: number;
  /** share of payments that did not settle when first possible: on arrival (gross, LSM) or at their cycle's close (netting) */
  queuedShare: number;
  queueValueMax: number;
  /** ∫ queue value dt / T */
  queueValueTimeAverage: number;
  /** LSM rounds in which offsetting or gridlock resolution settled at least one queued payment */
  gridlocksResolved: number;
  /** payments dropped by the unwind policy */
  unwoundCount: number;
  /** payments moved to a later cycle at least once */
  carriedOverCount: number;
}

export interface SimulationResult {
  rule: Rule;
  ruleLabel: string;
  /** one per currency netted, in currency order (only currencies with payments) */
  metrics: SimulationMetrics[];
  /** per payment: settlement time (s), NaN if unsettled at the end of the day */
  settledAt: Float64Array;
  /**
   * Sampled at 500 evenly spaced times from 0 to T. Counts add up over currencies; so do values, which
   * only makes sense when one currency is netted — use `queueSeriesByCurrency` otherwise.
   */
  queueSeries: QueuePoint[];
  /** the same samples, one series per entry of `metrics` */
  queueSeriesByCurrency: { currency: string; points: QueuePoint[] }[];
  /** received − sent of the settled payments, per party and netted currency (minor units) */
  finalPositions: { party: string; currency: string; net: number }[];
  elapsedMs: number;
}
