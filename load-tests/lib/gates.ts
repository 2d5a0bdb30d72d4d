import type { PhaseReport } from './phase-recorder';

/** A validity gate on the steady state: a run that fails one says nothing about capacity. */
export interface Gate {
  name: string;
  limit: string;
  actual: string;
  passed: boolean;
}

export function evaluateGates(steady: PhaseReport, limits: { maxErrorRate: number; maxP99Ms: number }): Gate[] {
  const percent = (rate: number) => `${(rate * 100).toFixed(3).replace(/\.?0+$/, '')} %`;
  const gates: Gate[] = [
    {
      name: 'requests succeeded',
      limit: '> 0',
      actual: String(steady.ok),
      passed: steady.ok > 0,
    },
    {
      name: 'error rate',
      limit: `≤ ${percent(limits.maxErrorRate)}`,
      actual: `${percent(steady.errorRate)} (${steady.errors.total} of ${steady.answered + steady.errors.timeouts + steady.errors.connectionErrors})`,
      passed: steady.errorRate <= limits.maxErrorRate,
    },
  ];
  for (const [operation, report] of Object.entries(steady.operations)) {
    gates.push({
      name: `p99 latency of ${operation}`,
      limit: `≤ ${limits.maxP99Ms} ms`,
      actual: `${report.latency.p99} ms`,
      passed: report.latency.count > 0 && report.latency.p99 <= limits.maxP99Ms,
    });
  }
  return gates;
}
