import { LatencyHistogram } from '../../load-tests/lib/histogram';

describe('LatencyHistogram', () => {
  it('reports percentiles within 1 % of the exact values', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms += 1) histogram.record(ms);
    const summary = histogram.summary();
    expect(summary.p50).toBeGreaterThanOrEqual(500);
    expect(summary.p50).toBeLessThanOrEqual(505);
    expect(summary.p99).toBeGreaterThanOrEqual(990);
    expect(summary.p99).toBeLessThanOrEqual(1000);
    expect(summary.max).toBe(1000);
    expect(summary.count).toBe(1000);
  });
});
