import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiClient, listRegionPayments, must } from './api';
import { type Gate, evaluateGates } from './gates';
import { describeMachine } from './machine';
import { type Check, ledgerChecks, reconcilePayments } from './no-loss';
import { PaymentLog } from './payment-log';
import type { PhaseReport } from './phase-recorder';
import { loadRegion, loadTestRegion } from './region';
import { renderRunReport } from './report-html';
import type { BackgroundReport, RunOptions, Scenario } from './scenario';
import type { RunRecord } from './run-record';
import { runPhase } from './traffic';

export interface RunResult extends RunRecord<RunOptions> {
  scenario: string;
  summary: string;
  warmup: PhaseReport | null;
  steady: PhaseReport;
  /** What ran beside the steady state (close-under-load: every window close). */
  background: BackgroundReport | null;
  gates: Gate[];
  checks: Check[];
  outputDir: string;
}

/** Requests abandoned when a phase ends are still running on the service; give them this long. */
const IN_FLIGHT_GRACE_MS = 1000;

/**
 * One run of a scenario against a Corridor service: its own region, a warm-up, the measured steady
 * state, the no-loss checks, the gates; writes results.json and report.html and returns the result.
 */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  const progress = options.progress ?? (() => undefined);
  const startedAt = new Date();
  const machine = describeMachine();
  const api = apiClient(options.url, options.operatorKey);
  await must(api.GET('/health'));

  const runTag = `lt-${startedAt.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;
  const region = await loadRegion(api, loadTestRegion(`load test ${scenario.name} ${runTag}`));
  const log = new PaymentLog(runTag);
  const prepared = await scenario.prepare({ api, region, log, options });
  progress(`[${scenario.name}] region ${region.id} loaded (${region.name}); ${options.connections} connections`);

  const phase = { url: options.url, connections: options.connections, timeoutSeconds: options.timeoutSeconds, progress };
  const warmup =
    options.warmupSeconds > 0
      ? await runPhase(prepared.flow, { ...phase, label: 'warm-up', durationSeconds: options.warmupSeconds })
      : null;
  const background = prepared.duringSteadyState?.();
  const steady = await runPhase(prepared.flow, { ...phase, label: 'steady', durationSeconds: options.durationSeconds });
  const backgroundReport = (await background?.stop()) ?? null;
  await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_GRACE_MS));

  progress(`[${scenario.name}] checking that nothing was lost`);
  const checks = [
    ...((await prepared.verify?.()) ?? []),
    ...reconcilePayments(log.all(), await listRegionPayments(api, region.id)),
    ...(await ledgerChecks(api)),
  ];
  const gates = evaluateGates(steady, options);
  const outputDir = path.resolve(options.outDir, `${scenario.name}-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  const { operatorKey: _key, progress: _progress, command, url, ...settings } = options;
  const result: RunResult = {
    scenario: scenario.name,
    summary: scenario.summary,
    ok: gates.every((g) => g.passed) && checks.every((c) => c.passed),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    target: { url },
    machine,
    settings,
    region: { id: region.id, name: region.name },
    warmup,
    steady,
    background: backgroundReport,
    gates,
    checks,
    outputDir,
  };
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(path.join(outputDir, 'report.html'), renderRunReport(result));
  return result;
}
