/**
 * The published webhook retry schedule and the rule that disables a failing endpoint (documented in
 * `openapi/corridor.yaml` and `docs/webhooks.md`; change them together). Pure, so both are testable
 * without a clock.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Waits before the 2nd, 3rd, … 8th attempt: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h. */
export const RETRY_DELAYS_MS: readonly number[] = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];

/** Scheduled attempts per delivery, the first included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Deliveries in a row that fail for good before the endpoint is disabled. */
export const FAILED_DELIVERIES_BEFORE_DISABLE = 5;

/** How long an endpoint may go on failing without accepting anything before it is disabled. */
export const FAILING_PERIOD_BEFORE_DISABLE_MS = 3 * 24 * HOUR;

/**
 * How long to wait after scheduled attempt `failedAttempt` (1-based) failed, or null when it was the
 * last. `scale` shrinks the schedule for tests (CORRIDOR_WEBHOOK_RETRY_SCALE); the job runner counts
 * whole milliseconds.
 */
export function retryDelayMs(failedAttempt: number, scale: number): number | null {
  const delay = RETRY_DELAYS_MS[failedAttempt - 1];
  return delay === undefined ? null : Math.max(1, Math.round(delay * scale));
}

export interface EndpointHealth {
  /** Deliveries in a row that failed for good since the endpoint last accepted one. */
  consecutiveFailures: number;
  /** The first failed attempt since the endpoint last accepted a delivery. */
  failingSince: Date | null;
}

/** What one attempt tells about its endpoint. */
export type AttemptOutcome = { kind: 'accepted' } | { kind: 'failed'; final: boolean; error: string };

/**
 * The endpoint's health after an attempt, and why it must now be disabled (null when it need not):
 * after {@link FAILED_DELIVERIES_BEFORE_DISABLE} deliveries in a row fail for good, or when it has been
 * failing for {@link FAILING_PERIOD_BEFORE_DISABLE_MS} without accepting anything. Any accepted
 * delivery starts afresh.
 */
export function healthAfter(health: EndpointHealth, outcome: AttemptOutcome, now: Date): EndpointHealth & { disableReason: string | null } {
  if (outcome.kind === 'accepted') return { consecutiveFailures: 0, failingSince: null, disableReason: null };
  const failingSince = health.failingSince ?? now;
  const consecutiveFailures = health.consecutiveFailures + (outcome.final ? 1 : 0);
  let disableReason: string | null = null;
  if (consecutiveFailures >= FAILED_DELIVERIES_BEFORE_DISABLE) {
    disableReason = `${consecutiveFailures} deliveries in a row failed after every retry; the last attempt: ${outcome.error}`;
  } else if (now.getTime() - failingSince.getTime() >= FAILING_PERIOD_BEFORE_DISABLE_MS) {
    disableReason = `Failing since ${failingSince.toISOString()} without accepting a delivery; the last attempt: ${outcome.error}`;
  }
  return { consecutiveFailures, failingSince, disableReason };
}
