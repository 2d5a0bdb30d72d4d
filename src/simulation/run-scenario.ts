import { performance } from 'node:perf_hooks';
import { Decimal, formatAmount, fromMinorUnits } from '../core/money';
import {
  type LiquiditySpec,
  type Rule,
  type SimulationMetrics,
  type SimulationResult,
  liquidityAt,
  lowerAndUpperBounds,
  simulate,
} from '../core/simulation';
import { type Currency, type PartySpec, type PaymentBatch, convertPayments, generateWorkload } from '../core/workload';
import type { LiquidityLevel, NettingCurrency, Scenario } from './scenario';

/** A simulation's metrics with amounts as decimal strings of the currency; ratios stay numbers (null when undefined, e.g. 0/0). */
export interface RunMetrics {
  currency: string;
  gross: string;
  bilateralNet: string;
  multilateralNet: string;
  nettingEfficiency: number | null;
  bilateralEfficiency: number | null;
  lowerBoundLiquidity: string;
  upperBoundLiquidity: string;
  liquidityUsed: string;
  liquidityEfficiency: number | null;
  delayIndicator: number | null;
  settledCount: number;
  settledValue: string;
  unsettledCount: number;
  unsettledValue: string;
  queuedShare: number | null;
  queueValueMax: string;
  queueValueTimeAverage: string;
  gridlocksResolved: number;
  unwoundCount: number;
  carriedOverCount: number;
}

/** One rule at one liquidity level. */
export interface RunReport {
  rule: string;
  level: string;
  alpha: number | null;
  /** One per netted currency, in currency order. */
  metrics: RunMetrics[];
  /** Value and count waiting to settle over the day, sampled; one series per netted currency. */
  queues: { currency: string; points: { t: number; value: string; count: number }[] }[];
  finalPositions: { party: string; currency: string; net: string }[];
}

/** Everything a scenario produced; free of timings, so the same scenario and seed give the same report. */
export interface ScenarioReport {
  scenario: {
    name: string;
    description: string;
    seed: number;
    workload: 'generated' | 'replayed';
    payments: number;
    dayLengthSeconds: number;
    settlementAsset: string;
    netting: NettingCurrency;
    focusLevel: string;
  };
  parties: PartySpec[];
  currencies: Currency[];
  /** The day's payments per currency they were made in. */
  workload: { currency: string; count: number; gross: string }[];
  /** LB and UB of the day per netted currency: totals and per party. */
  bounds: {
    currency: string;
    lowerBound: string;
    upperBound: string;
    parties: { party: string; lowerBound: string; upperBound: string }[];
  }[];
  levels: { label: string; alpha: number | null }[];
  rules: { label: string; rule: Rule }[];
  runs: RunReport[];
}

export interface ScenarioTiming {
  label: string;
  elapsedMs: number;
}

export interface RunScenarioOptions {
  /** Overall progress in [0, 1] and what is running now. */
  onProgress?: (fraction: number, label: string) => void;
}

/**
 * Runs a scenario: builds (or replays) the day once, computes its liquidity bounds, then simulates
 * every rule at every liquidity level on that same day. Timings come back apart from the report, which
 * must not change from one run to the next.
 */
export function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): { report: ScenarioReport; timings: ScenarioTiming[] } {
  const progress = options.onProgress ?? (() => undefined);
  const timings: ScenarioTiming[] = [];

  progress(0, scenario.workload.kind === 'generate' ? 'generating the day' : 'reading the day');
  const started = performance.now();
  const day =
    scenario.workload.kind === 'generate'
      ? generateWorkload(scenario.workload.spec)
      : { parties: scenario.parties, currencies: scenario.currencies, payments: scenario.workload.payments };
  timings.push({
    label: scenario.workload.kind === 'generate' ? 'workload generated' : 'workload read',
    elapsedMs: performance.now() - started,
  });

  const { parties, currencies, payments } = day;
  const settlementCurrency =
    scenario.netting === 'settlement-asset' ? currencies.findIndex((c) => c.code === scenario.settlementAsset) : undefined;
  // Netting in the settlement asset: convert once, so the bounds (and every run) see the amounts netted.
  const netted = settlementCurrency === undefined ? payments : convertPayments(payments, currencies, scenario.rates, settlementCurrency);
  // Every currency keeps its row (the engine indexes liquidity by currency); the report shows those netted.
  const allBounds = lowerAndUpperBounds({ parties, currencies, payments: netted });
  const nettedCurrencies = new Set(netted.currency.subarray(0, netted.count));
  const bounds = allBounds.filter((_, c) => nettedCurrencies.has(c));
  const total = scenario.rules.length * scenario.levels.length;
  const runs: RunReport[] = [];

  for (const [r, { label: ruleName, rule }] of scenario.rules.entries()) {
    for (const [l, level] of scenario.levels.entries()) {
      const done = r * scenario.levels.length + l;
      const label = `${ruleName} at ${level.label}`;
      progress(done / total, label);
      const result = simulate(
        {
          parties,
          currencies,
          payments: netted,
          liquidity: liquidityFor(level, allBounds, scenario),
          rule,
          dayLengthSeconds: scenario.dayLengthSeconds,
          ...(settlementCurrency === undefined ? {} : { settlementCurrency, ratesPerAsset: scenario.rates }),
        },
        (fraction) => progress((done + fraction) / total, label),
      );
      timings.push({ label, elapsedMs: result.elapsedMs });
      runs.push(runReport(ruleName, level, result, currencies));
    }
  }
  progress(1, 'done');

  return {
    report: {
      scenario: {
        name: scenario.name,
        description: scenario.description,
        seed: scenario.seed,
        workload: scenario.workload.kind === 'generate' ? 'generated' : 'replayed',
        payments: payments.count,
        dayLengthSeconds: scenario.dayLengthSeconds,
        settlementAsset: scenario.settlementAsset,
        netting: scenario.netting,
        focusLevel: scenario.outputs.focusLevel,
      },
      parties,
      currencies,
      workload: workloadSummary(payments, currencies),
      bounds: bounds.map(({ currency, lb, ub }) => {
        const unit = currencyOf(currency, currencies);
        return {
          currency,
          lowerBound: amount(sum(lb), unit),
          upperBound: amount(sum(ub), unit),
          parties: parties.map((party, i) => ({ party: party.code, lowerBound: amount(lb[i]!, unit), upperBound: amount(ub[i]!, unit) })),
        };
      }),
      levels: scenario.levels.map((l) => ({ label: l.label, alpha: l.alpha })),
      rules: scenario.rules,
      runs,
    },
    timings,
  };
}

function liquidityFor(level: LiquidityLevel, bounds: ReturnType<typeof lowerAndUpperBounds>, scenario: Scenario): LiquiditySpec {
  return {
    opening: level.alpha === null ? level.opening : liquidityAt(level.alpha, bounds),
    ...(scenario.credit ? { credit: scenario.credit } : {}),
    ...(scenario.netDebitCaps ? { netDebitCap: scenario.netDebitCaps } : {}),
  };
}

function runReport(rule: string, level: LiquidityLevel, result: SimulationResult, currencies: Currency[]): RunReport {
  return {
    rule,
    level: level.label,
    alpha: level.alpha,
    metrics: result.metrics.map((m) => runMetrics(m, currencyOf(m.currency, currencies))),
    queues: result.queueSeriesByCurrency.map(({ currency, points }) => {
      const unit = currencyOf(currency, currencies);
      // Sample times to the millisecond: the engine's evenly spaced doubles carry 16 digits of noise.
      return { currency, points: points.map((p) => ({ t: Math.round(p.t * 1000) / 1000, value: amount(p.value, unit), count: p.count })) };
    }),
    finalPositions: result.finalPositions.map((p) => ({
      party: p.party,
      currency: p.currency,
      net: amount(p.net, currencyOf(p.currency, currencies)),
    })),
  };
}

function runMetrics(m: SimulationMetrics, unit: Currency): RunMetrics {
  return {
    currency: m.currency,
    gross: amount(m.gross, unit),
    bilateralNet: amount(m.bilateralNet, unit),
    multilateralNet: amount(m.multilateralNet, unit),
    nettingEfficiency: ratio(m.nettingEfficiency),
    bilateralEfficiency: ratio(m.bilateralEfficiency),
    lowerBoundLiquidity: amount(m.lowerBoundLiquidity, unit),
    upperBoundLiquidity: amount(m.upperBoundLiquidity, unit),
    liquidityUsed: amount(m.liquidityUsed, unit),
    liquidityEfficiency: ratio(m.liquidityEfficiency),
    delayIndicator: ratio(m.delayIndicator),
    settledCount: m.settledCount,
    settledValue: amount(m.settledValue, unit),
    unsettledCount: m.unsettledCount,
    unsettledValue: amount(m.unsettledValue, unit),
    queuedShare: ratio(m.queuedShare),
    queueValueMax: amount(m.queueValueMax, unit),
    queueValueTimeAverage: amount(m.queueValueTimeAverage, unit),
    gridlocksResolved: m.gridlocksResolved,
    unwoundCount: m.unwoundCount,
    carriedOverCount: m.carriedOverCount,
  };
}

function workloadSummary(payments: PaymentBatch, currencies: Currency[]): ScenarioReport['workload'] {
  const counts = new Array<number>(currencies.length).fill(0);
  const totals = new Array<number>(currencies.length).fill(0);
  for (let i = 0; i < payments.count; i += 1) {
    const c = payments.currency[i]!;
    counts[c]! += 1;
    totals[c]! += payments.amount[i]!;
  }
  return currencies.flatMap((currency, c) =>
    counts[c]! === 0 ? [] : [{ currency: currency.code, count: counts[c]!, gross: amount(totals[c]!, currency) }],
  );
}

function currencyOf(code: string, currencies: Currency[]): Currency {
  const currency = currencies.find((c) => c.code === code);
  if (!currency) throw new Error(`The engine reported an unknown currency ${code}`);
  return currency;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * Minor units from the engine → the currency's decimal string. Whole minor units convert exactly; a
 * time-average is the one fractional value and is rounded half-even to the currency's scale.
 */
function amount(minor: number, currency: Currency): string {
  if (Number.isSafeInteger(minor)) return formatAmount(fromMinorUnits(BigInt(minor), currency.code), currency.code);
  return formatAmount(new Decimal(minor).div(new Decimal(10).pow(currency.scale)), currency.code);
}

function ratio(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
