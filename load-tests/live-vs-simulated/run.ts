import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Decimal, formatAmount, fromMinorUnits } from '../../src/core/money';
import { compareIds } from '../../src/core/netting/obligation';
import {
  type PartySpec,
  type PaymentBatch,
  type Rule,
  type SimulationResult,
  generateWorkload,
  liquidityAt,
  lowerAndUpperBounds,
  simulate,
} from '../../src/core/simulation';
import { allocatePayments } from '../../src/core/workload';
import { escapeXml } from '../../src/simulation/svg';
import { type Schemas, apiClient, closeOpenWindow, listRegionPayments, must } from '../lib/api';
import { describeMachine } from '../lib/machine';
import { type Check, ledgerChecks, reconcilePayments } from '../lib/no-loss';
import { PaymentLog } from '../lib/payment-log';
import { loadRegion } from '../lib/region';
import { REPORT_STYLE, htmlTable } from '../lib/report-html';
import type { RunRecord } from '../lib/run-record';

export interface LiveVsSimulatedOptions {
  url: string;
  operatorKey: string;
  /** Payments in the generated day. */
  payments: number;
  /** Central banks, 2 to 8: the workload's parties. */
  parties: number;
  seed: number;
  /** Mean arrival rate of the replay, payments per second; the day's intraday shape is kept. */
  rate: number;
  /** The region's settlement model: the rule under test. */
  model: Schemas['SettlementModelDefinition'];
  /** Prefunding at the liquidity level L(α) between the day's lower (0) and upper (1) bound… */
  alpha: number;
  /** …times this factor: below 1, even netting falls short and the shortfall policy acts. */
  liquidityFactor: number;
  outDir: string;
  command: string;
  progress?: (line: string) => void;
}

/** One side of the comparison, in the settlement asset. */
export interface Outcome {
  settled: number;
  settledValue: string;
  unsettled: number;
  /** Net position (received − sent among settled payments) per central bank code. */
  positions: Record<string, string>;
}

export interface Comparison extends Outcome {
  ruleLabel: string;
  /** Workload payment numbers the live window settled and this simulation did not, and the reverse. */
  settledOnlyLive: number[];
  settledOnlySimulated: number[];
  positionsDiffer: string[];
  agrees: boolean;
}

export interface LiveVsSimulatedResult extends RunRecord<LiveVsSimulatedOptions> {
  scenario: 'live-vs-simulated';
  replay: { seconds: number; achievedRate: number; maxLagMs: number };
  window: { id: string; number: number; status: string; openedAt: string; closedAt: string | null };
  live: Outcome;
  /** simulate() fed what the service recorded: each payment arriving when it was captured. */
  onServiceClock: Comparison;
  /** simulate() on the generated day as a researcher runs it: the workload's own arrival times. */
  onWorkloadClock: Comparison;
  checks: Check[];
  outputDir: string;
}

const SETTLEMENT_ASSET = 'USD';
/** Currencies with two decimals and whole-number rates: a regional leg is the workload's value exactly. */
const MEMBERS = [
  { country: 'KE', currency: 'KES', rate: '130' },
  { country: 'NG', currency: 'NGN', rate: '1550' },
  { country: 'GH', currency: 'GHS', rate: '15' },
  { country: 'ZA', currency: 'ZAR', rate: '18' },
  { country: 'EG', currency: 'EGP', rate: '50' },
  { country: 'TZ', currency: 'TZS', rate: '2500' },
  { country: 'MA', currency: 'MAD', rate: '10' },
  { country: 'BW', currency: 'BWP', rate: '14' },
] as const;
const DAY_SECONDS = 36_000;

/**
 * Replays a generated day through the live service and compares what the service settled with the
 * netting laboratory's `simulate()` on the same payments. The workload's parties become the region's
 * central banks (one bank and one merchant each), its values become merchant payments whose regional
 * leg is exactly the workload's value (no spread, no fee, whole-number rates), and the region settles
 * under the rule under test. After the replay the window closes, and three outcomes are set side by
 * side: the service's, `simulate()` on the service's clock (each payment arriving when it was
 * captured), and `simulate()` on the workload's own clock.
 */
export async function runLiveVsSimulated(options: LiveVsSimulatedOptions): Promise<LiveVsSimulatedResult> {
  if (options.parties < 2 || options.parties > MEMBERS.length) throw new Error(`parties must be 2 to ${MEMBERS.length}`);
  const progress = options.progress ?? (() => undefined);
  const startedAt = new Date();
  const machine = describeMachine();
  const api = apiClient(options.url, options.operatorKey);
  const tag = `lvs-${startedAt.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;

  const day = generateWorkload({
    seed: options.seed,
    parties: [],
    partyCount: options.parties,
    currencies: [{ code: SETTLEMENT_ASSET, scale: 2 }],
    payments: options.payments,
    dayLengthSeconds: DAY_SECONDS,
    topology: { kind: 'core-periphery', coreShare: 0.4, coreTraffic: 0.7 },
    arrivals: {
      profile: [
        { hour: 0, weight: 1 },
        { hour: 3, weight: 2.5 },
        { hour: 6, weight: 1 },
      ],
    },
    values: {
      components: [
        { weight: 0.85, medianMinor: 20_000, sigma: 1 },
        { weight: 0.15, medianMinor: 250_000, sigma: 0.8 },
      ],
    },
    reciprocity: 0.6,
    crossCurrencyShare: 0,
  });
  const opening = Float64Array.from(liquidityAt(options.alpha, lowerAndUpperBounds(day))[0]!, (units) =>
    Math.floor(units * options.liquidityFactor),
  );
  // Liquidity is the opening balance alone: a cap as large as the whole day never binds, so the live
  // service queues (gross/LSM) instead of declining at capture, as the engine does with the same floor.
  const dayGross = day.payments.amount.reduce((sum, units) => sum + units, 0);
  const caps = Float64Array.from(opening, () => dayGross);
  const usd = (units: number) => formatAmount(fromMinorUnits(BigInt(units), SETTLEMENT_ASSET), SETTLEMENT_ASSET);

  const definition: Schemas['RegionDefinition'] = {
    name: `live vs simulated ${tag}`,
    settlement_asset: SETTLEMENT_ASSET,
    settlement_cycle_seconds: null,
    settlement_model: options.model,
    fx_spread_bps: '0',
    fee_bps: '0',
    central_banks: day.parties.map((party, i) => ({
      code: party.code,
      name: `Central bank ${party.code}`,
      country: MEMBERS[i]!.country,
      currency: MEMBERS[i]!.currency,
      prefunded_balance: usd(opening[i]!),
      net_debit_cap: usd(caps[i]!),
      participants: [
        {
          code: `${party.code}-bank`,
          name: `Bank in ${party.code}`,
          kind: 'bank',
          merchants: [{ code: `${party.code}-shop`, name: `Shop in ${party.code}` }],
        },
      ],
    })),
    fx_rates: day.parties.map((_, i) => ({ currency: MEMBERS[i]!.currency, rate: MEMBERS[i]!.rate })),
  };
  const region = await loadRegion(api, definition);
  const bankOfParty = region.centralBanks.map((b) => b.id);
  const merchantOf = bankOfParty.map((id) => region.merchants.find((m) => m.centralBankId === id)!);
  const payerOf = bankOfParty.map((id) => region.participants.find((p) => p.centralBankId === id)!);
  progress(`[live-vs-simulated] region ${region.id}: ${day.parties.length} central banks, rule ${options.model.rule}`);

  // The replay: one payment at a time in the day's order, each sent when its arrival comes round on a
  // clock that runs the day in payments ÷ rate seconds.
  const log = new PaymentLog(tag);
  const paymentOf = new Map<string, number>();
  const replaySeconds = options.payments / options.rate;
  const scale = replaySeconds / DAY_SECONDS;
  const { sender, receiver, amount, arrival } = day.payments;
  const replayStart = performance.now();
  let maxLagMs = 0;
  let lastReport = replayStart;
  for (let k = 0; k < day.payments.count; k += 1) {
    const due = replayStart + arrival[k]! * scale * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    else maxLagMs = Math.max(maxLagMs, -wait);
    const merchant = merchantOf[receiver[k]!]!;
    const rate = new Decimal(MEMBERS[receiver[k]!]!.rate);
    const reference = log.sendPayment();
    const payment = await must(
      apiClient(options.url, merchant.key).POST('/v1/payments', {
        params: { header: { 'Idempotency-Key': `pay-${reference}` } },
        body: {
          payer_participant_id: payerOf[sender[k]!]!.id,
          amount: formatAmount(new Decimal(amount[k]!).mul(rate).div(100), merchant.currency),
          currency: merchant.currency,
          reference,
        },
      }),
    );
    log.paymentAnswered(reference, payment.id);
    paymentOf.set(payment.id, k);
    if (performance.now() - lastReport >= 1000) {
      lastReport = performance.now();
      progress(`[live-vs-simulated] replayed ${k + 1} of ${day.payments.count} payments`);
    }
  }
  const replayedIn = (performance.now() - replayStart) / 1000;

  const window = await closeOpenWindow(api, region.id);
  progress(`[live-vs-simulated] window ${window.number} ${window.status}; comparing with simulate()`);
  const stored = await listRegionPayments(api, region.id);
  const positions = await must(api.GET('/v1/settlement-windows/{window_id}/positions', { params: { path: { window_id: window.id } } }));
  const liveSettled = new Set(stored.filter((p) => p.status === 'settled').map((p) => paymentOf.get(p.id)!));
  const live: Outcome = {
    ...outcomeOf(day.payments, day.parties, (k) => liveSettled.has(k)),
    positions: Object.fromEntries(positions.central_banks.map((p) => [p.central_bank_code, new Decimal(p.net).toFixed(2)])),
  };

  // The service's clock: what the service itself fed its engine at the close, as near as the API shows it.
  const capturedAt = new Map(stored.map((p) => [paymentOf.get(p.id)!, Date.parse(p.captured_at ?? p.created_at)]));
  const openedAt = Date.parse(window.opened_at);
  const windowSeconds = Math.max(1, Math.ceil((Date.parse(window.closed_at!) - openedAt) / 1000));
  const interval = options.model.lsm_interval_seconds ?? 60;
  const serviceDay = options.model.rule === 'lsm' ? Math.ceil(windowSeconds / interval) * interval : windowSeconds;
  const byServiceId = [...bankOfParty].sort(compareIds);
  const partyIndex = byServiceId.map((id) => bankOfParty.indexOf(id));
  const order = [...paymentOf].sort(([a, ka], [b, kb]) => capturedAt.get(ka)! - capturedAt.get(kb)! || compareIds(a, b)).map(([, k]) => k);
  const serviceBatch = allocatePayments(order.length);
  order.forEach((k, i) => {
    serviceBatch.sender[i] = partyIndex.indexOf(sender[k]!);
    serviceBatch.receiver[i] = partyIndex.indexOf(receiver[k]!);
    serviceBatch.amount[i] = amount[k]!;
    serviceBatch.arrival[i] = Math.min(serviceDay, Math.max(0, (capturedAt.get(k)! - openedAt) / 1000));
  });
  const onService = simulate({
    parties: partyIndex.map((i) => day.parties[i]!),
    currencies: day.currencies,
    payments: serviceBatch,
    liquidity: {
      opening: [Float64Array.from(partyIndex, (i) => opening[i]!)],
      netDebitCap: [Float64Array.from(partyIndex, (i) => caps[i]!)],
    },
    rule: engineRule(options.model, serviceDay, interval),
    dayLengthSeconds: serviceDay,
  });
  const onServiceClock = compare({ settled: liveSettled, positions: live.positions }, onService, day, (i) => order[i]!);

  // The workload's clock: the day as generated, LSM rounds as often in day time as they were live.
  const workloadDay = options.model.rule === 'lsm' ? Math.ceil(DAY_SECONDS / (interval / scale)) * (interval / scale) : DAY_SECONDS;
  const onWorkload = simulate({
    parties: day.parties,
    currencies: day.currencies,
    payments: day.payments,
    liquidity: { opening: [opening], netDebitCap: [caps] },
    rule: engineRule(options.model, workloadDay, interval / scale),
    dayLengthSeconds: workloadDay,
  });
  const onWorkloadClock = compare({ settled: liveSettled, positions: live.positions }, onWorkload, day, (i) => i);

  const timingSensitive = options.model.rule === 'lsm';
  const livePositionsFromPayments = outcomeOf(day.payments, day.parties, (k) => liveSettled.has(k)).positions;
  const selfInconsistent = Object.entries(livePositionsFromPayments).filter(
    ([code, net]) => !new Decimal(live.positions[code] ?? '0').eq(net),
  );
  const checks: Check[] = [
    {
      name: 'the window\u2019s net positions are those of the payments it settled',
      passed: selfInconsistent.length === 0,
      detail:
        selfInconsistent.length === 0
          ? `${live.settled} settled payments, positions match for ${day.parties.length} central banks`
          : selfInconsistent.map(([code, net]) => `${code}: positions say ${live.positions[code]}, settled payments ${net}`).join('; '),
    },
    {
      name: `simulate() on the service\u2019s clock agrees with the service${timingSensitive ? ' (reported only: the LSM is timing-sensitive)' : ''}`,
      passed: timingSensitive || onServiceClock.agrees,
      detail: describeComparison(onServiceClock),
    },
    {
      name: `simulate() on the workload\u2019s clock agrees with the service${timingSensitive ? ' (reported only: the LSM is timing-sensitive)' : ''}`,
      passed: timingSensitive || onWorkloadClock.agrees,
      detail: describeComparison(onWorkloadClock),
    },
    ...reconcilePayments(log.all(), stored),
    ...(await ledgerChecks(api)),
  ];

  const outputDir = path.resolve(options.outDir, `live-vs-simulated-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  const { operatorKey: _key, progress: _progress, command, url, ...settings } = options;
  const result: LiveVsSimulatedResult = {
    scenario: 'live-vs-simulated',
    ok: checks.every((c) => c.passed),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    target: { url },
    machine,
    settings,
    region: { id: region.id, name: region.name },
    replay: { seconds: round(replayedIn), achievedRate: round(options.payments / replayedIn), maxLagMs: Math.round(maxLagMs) },
    window: { id: window.id, number: window.number, status: window.status, openedAt: window.opened_at, closedAt: window.closed_at },
    live,
    onServiceClock,
    onWorkloadClock,
    checks,
    outputDir,
  };
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(path.join(outputDir, 'report.html'), renderComparison(result));
  return result;
}

/** The engine rule the service runs for a window of `dayLength` seconds (see decideWindowSettlement). */
function engineRule(model: Schemas['SettlementModelDefinition'], dayLength: number, offsetEverySeconds: number): Rule {
  const shortfall = model.shortfall_policy ?? 'unwind';
  switch (model.rule) {
    case 'multilateral':
    case 'bilateral':
      return { kind: model.rule, cycleSeconds: dayLength, shortfall };
    case 'gross':
      return { kind: 'gross', queue: model.queue ?? 'fifo' };
    case 'lsm':
      return { kind: 'lsm', queue: model.queue ?? 'fifo', gridlock: model.gridlock ?? 'fifo-exact', offsetEverySeconds };
  }
}

/** Settled count and value, unsettled count and net positions, for the payments `settled` says settled. */
function outcomeOf(payments: PaymentBatch, parties: PartySpec[], settled: (k: number) => boolean): Outcome {
  const net = new Float64Array(parties.length);
  let count = 0;
  let value = 0;
  for (let k = 0; k < payments.count; k += 1) {
    if (!settled(k)) continue;
    count += 1;
    value += payments.amount[k]!;
    net[payments.sender[k]!]! -= payments.amount[k]!;
    net[payments.receiver[k]!]! += payments.amount[k]!;
  }
  const usd = (units: number) => fromMinorUnits(BigInt(units), SETTLEMENT_ASSET).toFixed(2);
  return {
    settled: count,
    settledValue: usd(value),
    unsettled: payments.count - count,
    positions: Object.fromEntries(parties.map((p, i) => [p.code, usd(net[i]!)])),
  };
}

/** Compares a simulation (whose payment i is workload payment `workloadIndex(i)`) with the live outcome. */
function compare(
  live: { settled: Set<number>; positions: Record<string, string> },
  result: SimulationResult,
  day: ReturnType<typeof generateWorkload>,
  workloadIndex: (i: number) => number,
): Comparison {
  const settled = new Set<number>();
  result.settledAt.forEach((at, i) => {
    if (!Number.isNaN(at)) settled.add(workloadIndex(i));
  });
  const simulated = outcomeOf(day.payments, day.parties, (k) => settled.has(k));
  const settledOnlyLive = [...live.settled].filter((k) => !settled.has(k)).sort((a, b) => a - b);
  const settledOnlySimulated = [...settled].filter((k) => !live.settled.has(k)).sort((a, b) => a - b);
  const positionsDiffer = Object.keys(simulated.positions).filter(
    (code) => !new Decimal(live.positions[code] ?? '0').eq(simulated.positions[code]!),
  );
  return {
    ruleLabel: result.ruleLabel,
    ...simulated,
    settledOnlyLive,
    settledOnlySimulated,
    positionsDiffer,
    agrees: settledOnlyLive.length === 0 && settledOnlySimulated.length === 0 && positionsDiffer.length === 0,
  };
}

function describeComparison(c: Comparison): string {
  const listed = (ks: number[]) => (ks.length <= 8 ? ks.join(', ') : `${ks.slice(0, 8).join(', ')} and ${ks.length - 8} more`);
  if (c.agrees) return `${c.ruleLabel}: the same ${c.settled} payments settle (${c.settledValue} USD), the same net positions`;
  return [
    `${c.ruleLabel}: ${c.settled} settle in simulation`,
    c.settledOnlyLive.length > 0 ? `settled only live: payments ${listed(c.settledOnlyLive)}` : '',
    c.settledOnlySimulated.length > 0 ? `settled only in simulation: payments ${listed(c.settledOnlySimulated)}` : '',
    c.positionsDiffer.length > 0 ? `positions differ for ${c.positionsDiffer.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function renderComparison(result: LiveVsSimulatedResult): string {
  const codes = Object.keys(result.onWorkloadClock.positions);
  const verdict = result.ok ? 'passed' : 'FAILED';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`Corridor live vs simulated: ${verdict}`)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<h1>Live vs simulated: ${verdict}</h1>
<p class="lead">${escapeXml(
    `${result.settings.payments} generated payments among ${result.settings.parties} central banks (seed ${result.settings.seed}) replayed through ${result.target.url} at ${result.replay.achievedRate} payments/s, settled live under ${result.onServiceClock.ruleLabel}, then compared with simulate() on the same payments.`,
  )}</p>
<h2>Outcomes</h2>
${htmlTable(
  ['', 'settled', 'settled value (USD)', 'unsettled', ...codes.map((c) => `${c} net`)],
  [
    ['live service', result.live],
    ['simulate(), service clock', result.onServiceClock],
    ['simulate(), workload clock', result.onWorkloadClock],
  ].map(([label, o]) => {
    const outcome = o as Outcome;
    return [
      label as string,
      String(outcome.settled),
      outcome.settledValue,
      String(outcome.unsettled),
      ...codes.map((c) => outcome.positions[c] ?? ''),
    ];
  }),
)}
<h2>Checks</h2>
${htmlTable(
  ['check', 'detail', 'result'],
  result.checks.map((c) => [c.name, c.detail, c.passed ? 'passed' : 'FAILED']),
)}
<p>Window ${result.window.number} (${escapeXml(result.window.id)}) ${escapeXml(result.window.status)}; replay took ${result.replay.seconds} s, at most ${result.replay.maxLagMs} ms behind its schedule. Command: <code>${escapeXml(result.command)}</code></p>
</main>
</body>
</html>
`;
}
