#!/usr/bin/env node
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DomainError } from '../core/errors';
import { type ScenarioOverrides, ScenarioError, type ScenarioReport, loadScenario, runScenario, writeOutputs } from '../simulation';

const USAGE = `Usage: simulate <scenario.json|.yaml> [--out DIR] [--seed N] [--payments N]

Runs every rule of the scenario at every liquidity level on one simulated (or replayed) day and writes
report.json, metrics.csv, queue.csv and report.html. See docs/simulation.md.

  --out DIR       folder for the outputs (default: the scenario's outputs.dir, else simulation-results/<name>)
  --seed N        seed of the synthetic day, instead of the scenario's
  --payments N    number of payments in the day, instead of the scenario's (a quick trial run)`;

/** Where the command writes; a TTY stderr gets a progress bar redrawn in place. */
export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

/** Exit codes: 0 done, 1 the run failed, 2 bad arguments or an invalid scenario file. */
export function simulateCli(argv: string[], streams: CliStreams = { stdout: process.stdout, stderr: process.stderr }): number {
  const { stdout, stderr } = streams;
  let args: ReturnType<typeof readArguments>;
  try {
    args = readArguments(argv);
  } catch (error) {
    stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { file, overrides } = args;

  try {
    const scenario = loadScenario(file, overrides);
    const progress = progressReporter(stderr);
    const started = performance.now();
    const { report, timings } = runScenario(scenario, { onProgress: progress.update });
    progress.finish();
    const written = writeOutputs(report, scenario.outputs.dir, scenario.outputs.files);
    const totalMs = performance.now() - started;

    stdout.write(`${summaryTable(report)}\n\n`);
    stdout.write(`Wrote:\n${written.map((p) => `  ${p}`).join('\n')}\n`);
    const [workload, ...simulations] = timings;
    const slowest = simulations.reduce((a, b) => (b.elapsedMs > a.elapsedMs ? b : a));
    stdout.write(
      `${report.runs.length} simulation${report.runs.length === 1 ? '' : 's'} of ${report.scenario.payments.toLocaleString('en-US')} payments in ${seconds(totalMs)}` +
        ` (${workload!.label} in ${seconds(workload!.elapsedMs)}; slowest: ${slowest.label}, ${seconds(slowest.elapsedMs)}).\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ScenarioError) {
      stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      stderr.write(`The simulation stopped: ${error.message}${error.field ? ` (${error.field})` : ''} [${error.code}]\n`);
      return 1;
    }
    throw error;
  }
}

function readArguments(argv: string[]): { file: string; overrides: ScenarioOverrides } | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, seed: { type: 'string' }, payments: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'Give the scenario file.' : 'Give exactly one scenario file.');
  return {
    file: positionals[0]!,
    overrides: {
      ...(values.out === undefined ? {} : { outputDir: values.out }),
      ...(values.seed === undefined ? {} : { seed: wholeNumber(values.seed, '--seed') }),
      ...(values.payments === undefined ? {} : { payments: wholeNumber(values.payments, '--payments') }),
    },
  };
}

function wholeNumber(text: string, option: string): number {
  if (!/^[0-9]+$/.test(text)) throw new Error(`${option} must be a whole number, got ${JSON.stringify(text)}.`);
  return Number(text);
}

/**
 * A bar redrawn in place on a terminal; on a pipe or file (CI logs), one line per tenth of the work so
 * the log stays short.
 */
function progressReporter(stderr: CliStreams['stderr']): { update: (fraction: number, label: string) => void; finish: () => void } {
  if (stderr.isTTY) {
    let lastDraw = 0;
    let drawn = false;
    return {
      update(fraction, label) {
        const now = performance.now();
        if (drawn && now - lastDraw < 100 && fraction < 1) return;
        lastDraw = now;
        drawn = true;
        const width = 30;
        const filled = Math.round(fraction * width);
        const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${label}`;
        const columns = stderr.columns ?? 100;
        stderr.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
      },
      finish() {
        if (drawn) stderr.write(`\r${' '.repeat((stderr.columns ?? 100) - 1)}\r`);
      },
    };
  }
  let lastTenth = -1;
  return {
    update(fraction, label) {
      const tenth = Math.floor(fraction * 10);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      stderr.write(`${String(tenth * 10).padStart(3)}% ${label}\n`);
    },
    finish() {},
  };
}

function summaryTable(report: ScenarioReport): string {
  const header = ['Rule', 'Level', 'Currency', 'Unsettled', 'Unsettled value', 'Delay ρ', 'Liquidity used', 'Ever queued'];
  const rows = report.runs.flatMap((run) =>
    run.metrics.map((m) => [
      run.rule,
      run.level,
      m.currency,
      m.unsettledCount.toLocaleString('en-US'),
      m.unsettledValue,
      m.delayIndicator === null ? '—' : m.delayIndicator.toFixed(4),
      m.liquidityUsed,
      m.queuedShare === null ? '—' : `${(m.queuedShare * 100).toFixed(1)} %`,
    ]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Rule, level and currency read left to right; the numbers line up on the right.
  const format = (row: string[]) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

if (require.main === module) {
  process.exitCode = simulateCli(process.argv.slice(2));
}
