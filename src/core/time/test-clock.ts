import { DomainError } from '../errors';
import { sandboxNow } from './sandbox-time';

/** How a test clock moves: by so many seconds, or to a sandbox date-time. */
export type ClockAdvance = { seconds: number } | { to: Date };

/**
 * The region's new clock offset after an advance. The clock only moves forward, so `to` must be later
 * than the region's sandbox time now (else `clock_not_forward` on `to`); the offset never shrinks, so a
 * delay scheduled on the wall clock can only fall due earlier in sandbox time, never later.
 */
export function advancedOffset(currentOffsetMs: bigint, advance: ClockAdvance, wallClock: Date): bigint {
  if ('seconds' in advance) {
    if (!Number.isSafeInteger(advance.seconds) || advance.seconds <= 0) {
      throw new DomainError('validation_failed', 'seconds must be a whole number of seconds greater than 0.', 'seconds');
    }
    return currentOffsetMs + BigInt(advance.seconds) * 1000n;
  }
  if (Number.isNaN(advance.to.getTime())) throw new DomainError('validation_failed', 'to must be an RFC 3339 date-time.', 'to');
  const now = sandboxNow(currentOffsetMs, wallClock);
  if (advance.to.getTime() <= now.getTime()) {
    throw new DomainError(
      'clock_not_forward',
      `The test clock only moves forward: ${advance.to.toISOString()} is not later than the region's time now, ${now.toISOString()}.`,
      'to',
    );
  }
  return BigInt(advance.to.getTime() - wallClock.getTime());
}

/** Whether something due at `dueAt` (a quote's or an authorization's expiry, a retry) is due at `now`. */
export function isDue(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && dueAt.getTime() <= now.getTime();
}

/** Whether an interval cycle's scheduled close of a window opened at `openedAt` has come by `now`. */
export function intervalCloseDue(openedAt: Date, cycleSeconds: number, now: Date): boolean {
  return isDue(new Date(openedAt.getTime() + cycleSeconds * 1000), now);
}
