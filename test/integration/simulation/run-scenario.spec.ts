import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateWorkload, paymentsToCsv } from '../../../src/core/workload';
import { simulateCli } from '../../../src/cli/simulate';
import { type Scenario, loadScenario, runScenario, writeOutputs } from '../../../src/simulation';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples', 'scenarios');
const FILES = ['report.json', 'metrics.csv', 'queue.csv', 'report.html'] as const;
/** Enough payments for queues and gridlocks to appear, few enough for a test. */
const SMALL_DAY = 3000;

describe('running a scenario', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'corridor-simulate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(scenario: Scenario, out: string): Record<(typeof FILES)[number], string> {
    const { report } = runScenario(scenario);
    writeOutputs(report, out, FILES);
    return Object.fromEntries(FILES.map((file) => [file, readFileSync(path.join(out, file), 'utf8')])) as Record<
      (typeof FILES)[number],
      string
    >;
  }

  it.each(['five-country-ecommerce', 'gridlock-prone-interbank'])(
    'runs the %s example from the command line and writes all four files',
    (name) => {
      const out = path.join(dir, `cli-${name}`);
      const stdout: string[] = [];
      const stderr: string[] = [];

      const code = simulateCli([path.join(EXAMPLES, `${name}.json`), '--out', out, '--payments', String(SMALL_DAY)], {
        stdout: { write: (text: string) => stdout.push(text) },
        stderr: { write: (text: string) => stderr.push(text) },
      });

      expect(code).toBe(0);
      expect(stdout.join('')).toContain(FILES.map((file) => `  ${path.join(out, file)}`).join('\n'));
      // Not a terminal: plain percentage lines, ending at 100 %.
      expect(stderr.join('').trimEnd().split('\n').at(-1)).toMatch(/^100% /);
      const scenario = loadScenario(path.join(EXAMPLES, `${name}.json`));
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
      expect(report.scenario.payments).toBe(SMALL_DAY);
      expect(report.runs).toHaveLength(scenario.rules.length * scenario.levels.length);
      // Header plus one row per rule × level (one netted currency in both examples).
      expect(readFileSync(path.join(out, 'metrics.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1 + report.runs.length);
    },
  );

  it('draws a progress bar in place when stderr is a terminal', () => {
    const stderr: string[] = [];

    const code = simulateCli([path.join(EXAMPLES, 'gridlock-prone-interbank.json'), '--out', path.join(dir, 'tty'), '--payments', '500'], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => stderr.push(text), isTTY: true, columns: 80 },
    });

    expect(code).toBe(0);
    expect(stderr[0]).toMatch(/^\r\[\.{30}\] {3}0% generating the day +$/);
    expect(stderr.every((text) => text.startsWith('\r') && !text.includes('\n'))).toBe(true);
    // The bar is wiped at the end, leaving the terminal clean for the summary.
    expect(stderr.at(-1)).toBe(`\r${' '.repeat(79)}\r`);
  });

  it('gives byte-identical report.json, metrics.csv and queue.csv for the same scenario and seed', () => {
    const scenario = loadScenario(path.join(EXAMPLES, 'gridlock-prone-interbank.json'), { payments: SMALL_DAY });

    const first = run(scenario, path.join(dir, 'first'));
    const second = run(
      loadScenario(path.join(EXAMPLES, 'gridlock-prone-interbank.json'), { payments: SMALL_DAY }),
      path.join(dir, 'second'),
    );

    expect(second['report.json']).toBe(first['report.json']);
    expect(second['metrics.csv']).toBe(first['metrics.csv']);
    expect(second['queue.csv']).toBe(first['queue.csv']);
  });

  it('gives a different day for a different seed', () => {
    const file = path.join(EXAMPLES, 'gridlock-prone-interbank.json');

    const one = run(loadScenario(file, { payments: SMALL_DAY, seed: 1 }), path.join(dir, 'seed-1'));
    const two = run(loadScenario(file, { payments: SMALL_DAY, seed: 2 }), path.join(dir, 'seed-2'));

    expect(two['metrics.csv']).not.toBe(one['metrics.csv']);
  });

  it('writes a self-contained HTML report with a chart for each view', () => {
    const scenario = loadScenario(path.join(EXAMPLES, 'five-country-ecommerce.json'), { payments: SMALL_DAY });
    const html = run(scenario, path.join(dir, 'html'))['report.html'];

    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    // One netted currency (USD): one delay curve, a queue chart per level, settled value, net positions.
    const charts = 1 + scenario.levels.length + 1 + 1;
    expect(html.match(/<svg /g)).toHaveLength(charts);
    expect(html.match(/<figure>/g)).toHaveLength(charts);
    for (const title of [
      'Liquidity–delay trade-off (USD)',
      'Queued value at alpha=0 (USD)',
      'Settled and unsettled value (USD)',
      'Final net positions (USD)',
    ]) {
      expect(html).toContain(`<figcaption>${title}</figcaption>`);
    }
    for (const party of ['CBK', 'CBN', 'BOG', 'SARB', 'CBE']) expect(html).toContain(`>${party}</text>`);
  });

  it('replays a CSV day, named relative to the scenario file, with the results of the day it records', () => {
    const generated = loadScenario(path.join(EXAMPLES, 'five-country-ecommerce.json'), { payments: SMALL_DAY });
    if (generated.workload.kind !== 'generate') throw new Error('the example generates its day');
    const day = generateWorkload(generated.workload.spec);
    const folder = path.join(dir, 'replay');
    const original = JSON.parse(readFileSync(path.join(EXAMPLES, 'five-country-ecommerce.json'), 'utf8'));
    writeFileSync(path.join(dir, 'recorded-day.csv'), paymentsToCsv(day.payments, day.parties, day.currencies));
    writeFileSync(
      path.join(dir, 'replay.json'),
      JSON.stringify({ ...original, workload: { dayLengthSeconds: original.workload.dayLengthSeconds, replay: 'recorded-day.csv' } }),
    );

    const replayed = run(loadScenario(path.join(dir, 'replay.json')), folder);

    expect(replayed['metrics.csv']).toBe(run(generated, path.join(dir, 'generated'))['metrics.csv']);
    expect(JSON.parse(replayed['report.json']).scenario.workload).toBe('replayed');
  });
});
