import { convertPayments } from '../workload/asset-rates';
import { dayFlows } from './day-flows';
import { type NettedPayments, splitByCurrency } from './netted-payments';
import { settleInCycles } from './netting-cycles';
import { QUEUE_SAMPLES, QueueTrack, sampleTime } from './queue-track';
import { settleInRealTime } from './realtime-settlement';
import { ruleLabel } from './rule-label';
import { accountsFor, assertSimulationInput } from './simulation-input';
import type { QueuePoint, SimulationInput, SimulationMetrics, SimulationResult } from './types';

/**
 * Runs one settlement rule over a day of payments, deterministically: the same input gives the same
 * result, `elapsedMs` aside. Each netted currency is its own settlement system with its own accounts;
 * with `settlementCurrency` every payment is first converted into it (`convertPayments`, one half-even
 * rounding per payment) and all are netted together.
 *
 * `onProgress` receives the share of payments processed, from 0 to 1.
 */
export function simulate(input: SimulationInput, onProgress?: (fraction: number) => void): SimulationResult {
  const started = performance.now();
  assertSimulationInput(input);
  const { parties, currencies, rule, dayLengthSeconds: dayLength, liquidity } = input;
  const partyCount = parties.length;
  const groups: NettedPayments[] =
    input.settlementCurrency === undefined
      ? splitByCurrency(input.payments, currencies.length)
      : [
          {
            ...convertPayments(input.payments, currencies, input.ratesPerAsset, input.settlementCurrency),
            currency: input.settlementCurrency,
            origin: null,
          },
        ];

  const settledAt = new Float64Array(input.payments.count).fill(NaN);
  const metrics: SimulationMetrics[] = [];
  const queueSeriesByCurrency: SimulationResult['queueSeries'][] = [];
  const finalPositions: SimulationResult['finalPositions'] = [];
  let processedBefore = 0;

  for (const payments of groups) {
    const currency = currencies[payments.currency]!.code;
    const flows = dayFlows(payments, partyCount);
    const accounts = accountsFor(liquidity, payments.currency, partyCount, flows.gross);
    const track = new QueueTrack(dayLength);
    const local = payments.origin ? new Float64Array(payments.count).fill(NaN) : settledAt;
    const progress = (done: number) => onProgress?.((processedBefore + done) / Math.max(1, input.payments.count));

    const outcome =
      rule.kind === 'gross' || rule.kind === 'lsm'
        ? { unwoundCount: 0, carriedOverCount: 0, ...settleInRealTime(payments, accounts, rule, dayLength, track, local, progress) }
        : { gridlocksResolved: 0, ...settleInCycles(payments, accounts, rule, dayLength, track, local, progress) };
    track.finish();
    processedBefore += payments.count;
    if (payments.origin) for (let k = 0; k < payments.count; k++) settledAt[payments.origin[k]!] = local[k]!;

    const { amount, arrival } = payments;
    let settledCount = 0;
    let settledValue = 0;
    let waited = 0;
    let couldWait = 0;
    for (let k = 0; k < payments.count; k++) {
      const value = amount[k]!;
      const settled = local[k]!;
      const isSettled = !Number.isNaN(settled);
      if (isSettled) {
        settledCount++;
        settledValue += value;
      }
      // ρ weighs each payment's delay by its value; an unsettled payment waits until T.
      waited += value * ((isSettled ? settled : dayLength) - arrival[k]!);
      couldWait += value * (dayLength - arrival[k]!);
    }
    const liquidityUsed = accounts.liquidityUsed();
    const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0);
    metrics.push({
      currency,
      gross: flows.gross,
      bilateralNet: flows.bilateralNet,
      multilateralNet: flows.multilateralNet,
      nettingEfficiency: flows.gross > 0 ? 1 - flows.multilateralNet / flows.gross : 0,
      bilateralEfficiency: flows.gross > 0 ? 1 - flows.bilateralNet / flows.gross : 0,
      lowerBoundLiquidity: sum(flows.lowerBound),
      upperBoundLiquidity: sum(flows.upperBound),
      liquidityUsed,
      liquidityEfficiency: liquidityUsed > 0 ? settledValue / liquidityUsed : 0,
      delayIndicator: couldWait > 0 ? waited / couldWait : 0,
      settledCount,
      settledValue,
      unsettledCount: payments.count - settledCount,
      unsettledValue: flows.gross - settledValue,
      queuedShare: payments.count > 0 ? outcome.queuedCount / payments.count : 0,
      queueValueMax: track.max,
      queueValueTimeAverage: track.timeAverage(),
      gridlocksResolved: outcome.gridlocksResolved,
      unwoundCount: outcome.unwoundCount,
      carriedOverCount: outcome.carriedOverCount,
    });
    queueSeriesByCurrency.push(track.points());
    parties.forEach((party, index) => {
      finalPositions.push({ party: party.code, currency, net: accounts.balance[index]! - accounts.opening[index]! });
    });
  }
  onProgress?.(1);

  return {
    rule,
    ruleLabel: ruleLabel(rule),
    metrics,
    settledAt,
    queueSeries: combinedSeries(queueSeriesByCurrency, dayLength),
    queueSeriesByCurrency: queueSeriesByCurrency.map((points, index) => ({ currency: metrics[index]!.currency, points })),
    finalPositions,
    elapsedMs: performance.now() - started,
  };
}

function combinedSeries(series: QueuePoint[][], dayLength: number): QueuePoint[] {
  return Array.from({ length: QUEUE_SAMPLES }, (_, index) => ({
    t: sampleTime(index, dayLength),
    value: series.reduce((total, points) => total + points[index]!.value, 0),
    count: series.reduce((total, points) => total + points[index]!.count, 0),
  }));
}
