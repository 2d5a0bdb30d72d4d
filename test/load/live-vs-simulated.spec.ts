import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Schemas } from '../../load-tests/lib/api';
import { type LiveVsSimulatedOptions, runLiveVsSimulated } from '../../load-tests/live-vs-simulated/run';
import { type TestApp, startTestApp } from '../support/test-app';

/**
 * A short generated day replayed through the embedded service: what the live window settles must be
 * what the laboratory's simulate() settles on the same payments, on both clocks.
 */
describe('live settlement against simulate() on the same payments (embedded)', () => {
  let t: TestApp;
  let url: string;
  let outDir: string;

  beforeAll(async () => {
    t = await startTestApp('embedded');
    url = await t.listen();
    outDir = await mkdtemp(path.join(tmpdir(), 'corridor-lvs-'));
  });
  afterAll(async () => {
    await t?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  const run = (model: Schemas['SettlementModelDefinition'], liquidity: Pick<LiveVsSimulatedOptions, 'alpha' | 'liquidityFactor'>) =>
    runLiveVsSimulated({
      url,
      operatorKey: t.operatorKey,
      model,
      payments: 120,
      parties: 4,
      seed: 7,
      rate: 200,
      outDir,
      command: 'jest',
      ...liquidity,
    });

  it('gross settlement at the lower-bound liquidity leaves the same payments queued as the engine does', async () => {
    const result = await run({ rule: 'gross', queue: 'fifo' }, { alpha: 0, liquidityFactor: 1 });

    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.live.unsettled).toBeGreaterThan(0);
    expect(result.onServiceClock).toMatchObject({ agrees: true, settled: result.live.settled });
    expect(result.onWorkloadClock).toMatchObject({ agrees: true, positions: result.live.positions });
  });

  it('multilateral netting short of liquidity settles the same largest feasible set as the engine', async () => {
    const result = await run({ rule: 'multilateral', shortfall_policy: 'largest-feasible' }, { alpha: 0, liquidityFactor: 0.7 });

    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.live.unsettled).toBeGreaterThan(0);
    expect(result.live.settled).toBeGreaterThan(0);
    expect(result.onServiceClock.agrees && result.onWorkloadClock.agrees).toBe(true);
  });
});
