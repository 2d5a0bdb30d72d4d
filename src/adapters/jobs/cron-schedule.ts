import { CronExpressionParser } from 'cron-parser';

/** A cron cadence for a job scheduler: BullMQ's `pattern` and `tz`. */
export interface CronRepeat {
  cron: string;
  /** IANA time zone the expression is read in; UTC when absent. */
  timeZone?: string;
}

/** Closes of a cron cycle may not come closer together than this, as an interval cycle's minimum. */
export const MIN_CRON_GAP_MS = 10_000;
/** How many upcoming times are checked against the minimum gap. */
const GAP_CHECKS = 8;

/**
 * The next time of a cron expression strictly after `after`, read with the parser BullMQ uses for
 * its job schedulers, so the embedded runner and production agree on when a cron fires.
 */
export function nextCronTime(repeat: CronRepeat, after: Date): Date {
  return CronExpressionParser.parse(repeat.cron, { currentDate: after, tz: repeat.timeZone ?? 'UTC' })
    .next()
    .toDate();
}

/**
 * Why a cron cadence cannot be used, in words for a person, or null when it can: the expression must
 * parse, the time zone must be an IANA zone, and its next times must be at least 10 seconds apart.
 */
export function cronRepeatProblem(repeat: CronRepeat, now: Date = new Date()): { field: 'cron' | 'timeZone'; reason: string } | null {
  if (repeat.timeZone !== undefined && !isTimeZone(repeat.timeZone)) {
    return { field: 'timeZone', reason: `${repeat.timeZone} is not an IANA time zone, such as Africa/Nairobi.` };
  }
  try {
    const expression = CronExpressionParser.parse(repeat.cron, { currentDate: now, tz: repeat.timeZone ?? 'UTC' });
    let previous = expression.next().getTime();
    for (let i = 1; i < GAP_CHECKS && expression.hasNext(); i += 1) {
      const next = expression.next().getTime();
      if (next - previous < MIN_CRON_GAP_MS) {
        return { field: 'cron', reason: `${repeat.cron} fires less than ${MIN_CRON_GAP_MS / 1000} seconds apart.` };
      }
      previous = next;
    }
    return null;
  } catch (error) {
    return { field: 'cron', reason: `Not a cron expression: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
