/**
 * Engine benchmark (`npm run bench:engine`): multilateral netting against a bare typed-array loop,
 * gridlock resolution over 100k queued payments, and a simulated day of 1M payments under the LSM.
 * Each case runs in a child process of its own, so the peak RSS reported is that case's alone. Timings
 * belong here, never in tests.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fifoExactGridlock, greedyValueGridlock } from '../src/core/simulation/gridlock';
import { PaymentQueues } from '../src/core/simulation/payment-queues';
import {
  type PaymentBatch,
  type Rule,
  type WorkloadSpec,
  generateWorkload,
  liquidityAt,
  lowerAndUpperBounds,
  multilateralPositions,
  simulate,
} from '../src/core/simulation';
import { SeededRandom } from '../src/core/workload/seeded-random';

interface Row {
  case: string;
  measure: string;
  ms: number;
  /** items per second, when the measure processes a known number of items */
  perSecond?: number;
  note?: string;
}

interface CaseResult {
  rows: Row[];
  peakRssMiB: number;
  heapAndBuffersMiB: number;
}

const MiB = 1024 * 1024;
const REPEATS = 5;

/** A regional day: core–periphery, intraday peaks, heavy-tailed values, some reciprocity. */
function daySpec(payments: number, parties: number): WorkloadSpec {
  return {
    seed: 2026,
    parties: [],
    partyCount: parties,
    currencies: [{ code: 'USD', scale: 2 }],
    payments,
    dayLengthSeconds: 36_000,
    topology: { kind: 'core-periphery', coreShare: 0.2, coreTraffic: 0.8 },
    arrivals: {
      profile: [
        { hour: 0, weight: 1 },
        { hour: 1, weight: 3 },
        { hour: 4, weight: 1.5 },
        { hour: 8, weight: 2.5 },
      ],
    },
    values: {
      components: [
        { weight: 0.9, medianMinor: 20_000, sigma: 1 },
        { weight: 0.1, medianMinor: 5_000_000, sigma: 1.2 },
      ],
    },
    reciprocity: 0.3,
    crossCurrencyShare: 0,
  };
}

/** Collected before each timed step (with `--expose-gc`) so that no step pays for an earlier one's garbage. */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

function timed<T>(action: () => T): { ms: number; value: T } {
  collectGarbage?.();
  const started = performance.now();
  const value = action();
  return { ms: performance.now() - started, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The floor: the least work multilateral netting can be, one pass of two indexed updates per payment. */
function bareNetting(batch: PaymentBatch, parties: number): Float64Array {
  const net = new Float64Array(parties);
  const { sender, receiver, amount, count } = batch;
  for (let k = 0; k < count; k++) {
    const value = amount[k]!;
    net[sender[k]!]! -= value;
    net[receiver[k]!]! += value;
  }
  return net;
}

function nettingCase(payments: number): Row[] {
  const parties = 50;
  const name = `netting ${payments / 1e6}M payments, ${parties} parties`;
  const generated = timed(() => generateWorkload(daySpec(payments, parties)));
  const batch = generated.value.payments;
  const floorRuns: number[] = [];
  const engineRuns: number[] = [];
  // Alternate the two so that neither gets a warmer cache or a quieter machine.
  for (let run = 0; run < REPEATS + 1; run++) {
    const floor = timed(() => bareNetting(batch, parties));
    const engine = timed(() => multilateralPositions(batch, parties, 1));
    if (floor.value[0] !== engine.value[0]) throw new Error('the engine and the bare loop disagree');
    if (run > 0) {
      floorRuns.push(floor.ms);
      engineRuns.push(engine.ms);
    }
  }
  const floorMs = median(floorRuns);
  const engineMs = median(engineRuns);
  const rows: Row[] = [
    {
      case: name,
      measure: 'generate the workload (not timed against targets)',
      ms: generated.ms,
      perSecond: payments / (generated.ms / 1000),
    },
    { case: name, measure: `bare typed-array loop (floor), median of ${REPEATS}`, ms: floorMs, perSecond: payments / (floorMs / 1000) },
    {
      case: name,
      measure: `engine multilateralPositions, median of ${REPEATS}`,
      ms: engineMs,
      perSecond: payments / (engineMs / 1000),
      note: `${(engineMs / floorMs).toFixed(2)}× the floor (target ≤ 3×)`,
    },
  ];
  if (payments <= 1_000_000) {
    // The whole run, for scale: validation, flows and metrics (G, BN, M, LB, UB), one cycle, ρ.
    const opening = liquidityAt(1, lowerAndUpperBounds(generated.value));
    const rule: Rule = { kind: 'multilateral', cycleSeconds: 36_000, shortfall: 'unwind' };
    const run = timed(() => simulate({ ...generated.value, liquidity: { opening }, rule, dayLengthSeconds: 36_000 }));
    rows.push({
      case: name,
      measure: 'simulate(), multilateral, one cycle, all metrics',
      ms: run.ms,
      perSecond: payments / (run.ms / 1000),
    });
  }
  return rows;
}

function gridlockCase(): Row[] {
  const parties = 100;
  const queued = 100_000;
  const name = `gridlock ${queued / 1000}k queued payments, ${parties} parties`;
  const random = new SeededRandom(7);
  const sender = new Int32Array(queued);
  const receiver = new Int32Array(queued);
  const amount = new Float64Array(queued);
  for (let k = 0; k < queued; k++) {
    // Senders skewed towards low indexes, receivers uniform: some parties owe far more than they are owed.
    sender[k] = Math.floor(parties * random.next() ** 2);
    receiver[k] = (sender[k]! + random.int(1, parties - 1)) % parties;
    amount[k] = Math.max(1, Math.round(20_000 * Math.exp(random.normal())));
  }
  const queues = new PaymentQueues(parties, queued, sender, amount);
  for (let k = 0; k < queued; k++) queues.push(k);
  // Scarce: each party can pay on average 5 % of what it has queued (anywhere from nothing to 10 %).
  const headroom = Float64Array.from(queues.value, (value) => Math.round(value * 0.1 * random.next()));
  const rows: Row[] = [];
  for (const [label, resolve] of [
    ['fifo-exact', fifoExactGridlock],
    ['greedy-value', greedyValueGridlock],
  ] as const) {
    const runs: number[] = [];
    let settled = 0;
    for (let run = 0; run < REPEATS + 1; run++) {
      const { ms, value } = timed(() => resolve(queues, receiver, amount, headroom));
      settled = value.length;
      runs.push(ms);
    }
    const ms = median(runs.slice(1));
    rows.push({
      case: name,
      measure: `${label}: first run ${runs[0]!.toFixed(1)} ms; median of ${REPEATS} after`,
      ms,
      perSecond: queued / (ms / 1000),
      note: `settles ${((100 * settled) / queued).toFixed(1)} % of the queue${label === 'fifo-exact' ? ' (target < 200 ms)' : ''}`,
    });
  }
  return rows;
}

function lsmDayCase(): Row[] {
  const payments = 1_000_000;
  const parties = 100;
  const name = `LSM day ${payments / 1e6}M payments, ${parties} parties`;
  const generated = timed(() => generateWorkload(daySpec(payments, parties)));
  // The scarcest liquidity that can settle the day, L(0) = LB: queues and gridlocks form all day.
  const opening = liquidityAt(0, lowerAndUpperBounds(generated.value));
  const rows: Row[] = [
    {
      case: name,
      measure: 'generate the workload (not timed against targets)',
      ms: generated.ms,
      perSecond: payments / (generated.ms / 1000),
    },
  ];
  const rules: Rule[] = [
    { kind: 'lsm', queue: 'fifo', offsetEverySeconds: 60, gridlock: 'fifo-exact' },
    { kind: 'lsm', queue: 'bypass-fifo', offsetEverySeconds: 60, gridlock: 'greedy-value' },
    // for comparison: the same day without the LSM
    { kind: 'gross', queue: 'fifo' },
  ];
  for (const rule of rules) {
    const run = timed(() => simulate({ ...generated.value, liquidity: { opening }, rule, dayLengthSeconds: 36_000 }));
    const metrics = run.value.metrics[0]!;
    rows.push({
      case: name,
      measure: `simulate(), ${run.value.ruleLabel}`,
      ms: run.ms,
      perSecond: payments / (run.ms / 1000),
      note: `${(100 * metrics.queuedShare).toFixed(1)} % queued, ${metrics.gridlocksResolved} LSM rounds settled some, ${metrics.unsettledCount} unsettled at the end${rule === rules[0] ? ' (target < 10 s)' : ''}`,
    });
  }
  return rows;
}

const CASES: Record<string, () => Row[]> = {
  'netting-1m': () => nettingCase(1_000_000),
  'netting-10m': () => nettingCase(10_000_000),
  'gridlock-100k': gridlockCase,
  'lsm-day-1m': lsmDayCase,
};

function runCase(name: string): void {
  const rows = CASES[name]!();
  const memory = process.memoryUsage();
  const result: CaseResult = {
    rows,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapAndBuffersMiB: (memory.heapUsed + memory.arrayBuffers) / MiB,
  };
  process.send!(result);
}

function inChild(name: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--case', name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: CaseResult | undefined;
    child.on('message', (message) => (result = message as CaseResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`case ${name} exited with ${code}`))));
  });
}

function machine(): string {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return `${availableParallelism()} × ${cpu}, Node ${process.version}, ${process.platform}/${process.arch}`;
}

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  console.log(`Engine benchmark on ${machine()}`);
  console.log('');
  console.log('| case | measure | time (ms) | per second | peak RSS (MiB) | heap + buffers after (MiB) | note |');
  console.log('|---|---|---:|---:|---:|---:|---|');
  for (const name of Object.keys(CASES)) {
    const { rows, peakRssMiB, heapAndBuffersMiB } = await inChild(name);
    for (const row of rows) {
      const perSecond = row.perSecond === undefined ? '' : format(row.perSecond);
      console.log(
        `| ${row.case} | ${row.measure} | ${format(row.ms, 1)} | ${perSecond} | ${format(peakRssMiB)} | ${format(heapAndBuffersMiB)} | ${row.note ?? ''} |`,
      );
    }
  }
}

const caseFlag = process.argv.indexOf('--case');
if (caseFlag >= 0) {
  runCase(process.argv[caseFlag + 1]!);
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
