import { evaluateGates } from '../../load-tests/lib/gates';
import type { PhaseReport } from '../../load-tests/lib/phase-recorder';

describe('evaluateGates', () => {
  const steady = (overrides: Partial<PhaseReport>): PhaseReport => ({
    label: 'steady',
    durationSeconds: 10,
    connections: 4,
    sent: 1000,
    answered: 1000,
    ok: 1000,
    requestsPerSecond: 100,
    latency: { count: 1000, mean: 10, p50: 8, p90: 15, p95: 20, p99: 40, p999: 60, max: 80 },
    operations: {
      payment: {
        sent: 1000,
        answered: 1000,
        ok: 1000,
        okPerSecond: 100,
        latency: { count: 1000, mean: 10, p50: 8, p90: 15, p95: 20, p99: 40, p999: 60, max: 80 },
        statuses: { '201': 1000 },
      },
    },
    errors: { byStatus: {}, invalidResponses: 0, timeouts: 0, connectionErrors: 0, total: 0 },
    errorRate: 0,
    timeSeries: [],
    ...overrides,
  });
  const failed = (report: PhaseReport) =>
    evaluateGates(report, { maxErrorRate: 0.001, maxP99Ms: 100 })
      .filter((g) => !g.passed)
      .map((g) => g.name);

  it('passes a run within its limits', () => {
    expect(failed(steady({}))).toEqual([]);
  });

  it('fails a run whose error rate is above the limit', () => {
    const errors = { byStatus: { '500': 2 }, invalidResponses: 0, timeouts: 0, connectionErrors: 0, total: 2 };
    expect(failed(steady({ errors, errorRate: 0.002 }))).toEqual(['error rate']);
  });

  it('fails a run in which an operation is slower at p99 than the limit', () => {
    const operations = { ...steady({}).operations };
    operations.payment = { ...operations.payment!, latency: { ...operations.payment!.latency, p99: 101 } };
    expect(failed(steady({ operations }))).toEqual(['p99 latency of payment']);
  });

  it('fails a run in which nothing succeeded', () => {
    expect(failed(steady({ ok: 0 }))).toContain('requests succeeded');
  });
});
