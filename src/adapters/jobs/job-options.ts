import { type CronRepeat, cronRepeatProblem } from './cron-schedule';
import type { JobOptions } from './job-runner.port';

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_CONCURRENCY = 1;

export interface ResolvedJobOptions {
  jobId: string | undefined;
  delayMs: number;
  attempts: number;
  backoffMs: number;
}

/** Defaults and checks shared by both adapters, so a bad option fails the same way in either. */
export function resolveJobOptions(options: JobOptions = {}): ResolvedJobOptions {
  const resolved = {
    jobId: options.jobId,
    delayMs: options.delayMs ?? 0,
    attempts: options.attempts ?? DEFAULT_ATTEMPTS,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
  };
  if (resolved.jobId === '') throw new RangeError('jobId must not be empty');
  requireInteger('delayMs', resolved.delayMs, 0);
  requireInteger('attempts', resolved.attempts, 1);
  requireInteger('backoffMs', resolved.backoffMs, 0);
  return resolved;
}

/** Exponential backoff, BullMQ's formula: base, 2×base, 4×base… after the 1st, 2nd, 3rd failure. */
export function retryDelayMs(backoffMs: number, failedAttempt: number): number {
  return Math.round(2 ** (failedAttempt - 1) * backoffMs);
}

export function requireConcurrency(options: { concurrency?: number } = {}): number {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  requireInteger('concurrency', concurrency, 1);
  return concurrency;
}

export function requireEveryMs(everyMs: number): number {
  requireInteger('everyMs', everyMs, 1);
  return everyMs;
}

/** A cron cadence that parses, in a zone that exists, firing no more often than every 10 seconds. */
export function requireCron(repeat: CronRepeat): CronRepeat {
  const problem = cronRepeatProblem(repeat);
  if (problem) throw new RangeError(problem.reason);
  return repeat;
}

export function requireJobName(name: string): string {
  // BullMQ derives Redis keys from the name and rejects ':'; the embedded runner refuses it too so
  // a name that would break in production fails on a developer's machine first.
  if (name === '' || name.includes(':')) throw new RangeError(`job name must be non-empty without ':' (got '${name}')`);
  return name;
}

/** Handlers may throw anything; listeners always get an Error. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

function requireInteger(option: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${option} must be an integer >= ${min} (got ${value})`);
  }
}
