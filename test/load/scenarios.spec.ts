import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runScenario } from '../../load-tests/lib/run';
import type { RunOptions } from '../../load-tests/lib/scenario';
import { SCENARIOS } from '../../load-tests/scenarios';
import { type TestApp, startTestApp } from '../support/test-app';

/**
 * Each load-test scenario, cut short (a second of warm-up, two of load, two connections), against the
 * embedded service: the run must pass its validity gates and its no-loss checks and write its results.
 * Speed is measured by `npm run load:*` and `npm run bench:api`, never here.
 */
describe('load-test scenarios against an embedded service', () => {
  let t: TestApp;
  let url: string;
  let outDir: string;

  beforeAll(async () => {
    t = await startTestApp('embedded');
    url = await t.listen();
    outDir = await mkdtemp(path.join(tmpdir(), 'corridor-load-'));
  });
  afterAll(async () => {
    await t?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  const options = (): RunOptions => ({
    url,
    operatorKey: t.operatorKey,
    connections: 2,
    durationSeconds: 2,
    warmupSeconds: 0.5,
    timeoutSeconds: 10,
    maxErrorRate: 0.001,
    // A generous p99 gate: these runs prove correctness under concurrency, not speed.
    maxP99Ms: 30_000,
    closeEverySeconds: 0.7,
    seedPayments: 30,
    outDir,
    command: 'jest test/load',
  });

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    '%s passes its gates and no-loss checks and writes results.json and report.html',
    async (name, scenario) => {
      const result = await runScenario(scenario, options());

      expect(result.gates.filter((g) => !g.passed)).toEqual([]);
      expect(result.checks.filter((c) => !c.passed)).toEqual([]);
      expect(result.ok).toBe(true);
      const written = JSON.parse(await readFile(path.join(result.outputDir, 'results.json'), 'utf8')) as { scenario: string; ok: boolean };
      expect(written).toMatchObject({ scenario: name, ok: true });
      const report = await readFile(path.join(result.outputDir, 'report.html'), 'utf8');
      expect(report).toContain('<svg');
      // Self-contained: it must open offline, from a file.
      expect(report).not.toMatch(/<script|<link|src=|href=|url\(|@import/);
    },
  );
});
