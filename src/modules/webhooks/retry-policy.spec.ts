import { healthAfter, MAX_ATTEMPTS, retryDelayMs } from './retry-policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const failed = (final: boolean) => ({ kind: 'failed' as const, final, error: 'The endpoint answered 500.' });

describe('the webhook retry schedule', () => {
  it('retries after 1 min, 5 min, 30 min, 2 h, 6 h, 12 h and 24 h, then gives up after the 8th attempt', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1, 1));
    expect(delays).toEqual([MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 12 * HOUR, DAY, null]);
  });

  it('shrinks every delay by the configured scale, never below a millisecond', () => {
    expect(retryDelayMs(1, 0.001)).toBe(60);
    expect(retryDelayMs(7, 0.001)).toBe(86_400);
    expect(retryDelayMs(1, 1e-9)).toBe(1);
  });
});

describe('disabling a failing endpoint', () => {
  const start = new Date('2026-11-23T10:00:00Z');
  const later = (ms: number) => new Date(start.getTime() + ms);

  it('disables it when the 5th delivery in a row fails for good', () => {
    let health = { consecutiveFailures: 0, failingSince: null as Date | null };
    const reasons: (string | null)[] = [];
    for (let delivery = 1; delivery <= 5; delivery += 1) {
      const next = healthAfter(health, failed(true), later(delivery * MINUTE));
      reasons.push(next.disableReason);
      health = next;
    }
    expect(reasons.slice(0, 4)).toEqual([null, null, null, null]);
    expect(reasons[4]).toMatch(/^5 deliveries in a row failed after every retry; the last attempt: The endpoint answered 500\.$/);
  });

  it('does not count attempts that will be retried as failed deliveries', () => {
    const next = healthAfter({ consecutiveFailures: 4, failingSince: start }, failed(false), later(HOUR));
    expect(next).toEqual({ consecutiveFailures: 4, failingSince: start, disableReason: null });
  });

  it('disables it after 3 days of failing, however few deliveries have failed for good', () => {
    const health = { consecutiveFailures: 1, failingSince: start };
    expect(healthAfter(health, failed(false), later(3 * DAY - 1)).disableReason).toBeNull();
    expect(healthAfter(health, failed(false), later(3 * DAY)).disableReason).toMatch(/^Failing since 2026-11-23T10:00:00.000Z/);
  });

  it('starts counting afresh once the endpoint accepts a delivery', () => {
    const healed = healthAfter({ consecutiveFailures: 4, failingSince: start }, { kind: 'accepted' }, later(2 * DAY));
    expect(healed).toEqual({ consecutiveFailures: 0, failingSince: null, disableReason: null });
    const failingAgain = healthAfter(healed, failed(false), later(2 * DAY + MINUTE));
    expect(failingAgain.failingSince).toEqual(later(2 * DAY + MINUTE));
  });
});
