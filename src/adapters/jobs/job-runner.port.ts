import type { CronRepeat } from './cron-schedule';

/** Injection token of the {@link JobRunner} chosen by configuration (BullMQ or in-process). */
export const JOB_RUNNER = Symbol('JOB_RUNNER');

/**
 * Does one job. Throwing fails this attempt; the runner retries it until its attempts run out.
 * `attempt` counts from 1. Handlers must be safe to run again: a retry, or a BullMQ worker that died
 * mid-job, repeats the work.
 */
export type JobHandler<T> = (data: T, meta: { jobId: string; attempt: number }) => Promise<void>;

export interface JobOptions {
  /** Dedupe key: while a job with this id is pending or running, enqueueing it again does nothing. */
  jobId?: string;
  delayMs?: number;
  /** Total tries, the first included; default 3. */
  attempts?: number;
  /** Wait before the first retry; each later retry waits twice as long as the one before. Default 1000. */
  backoffMs?: number;
}

/**
 * Runs named background jobs. Job data travels as JSON (Decimals become strings, Dates ISO strings),
 * whichever adapter runs it.
 */
export interface JobRunner {
  readonly kind: 'bullmq' | 'in-process';
  /** Before `start()`; one handler per name. */
  register<T>(name: string, handler: JobHandler<T>, options?: { concurrency?: number }): void;
  enqueue<T>(name: string, data: T, options?: JobOptions): Promise<void>;
  /**
   * Runs `name` with `data` on a cadence: a number runs it now and then every that many milliseconds;
   * a cron expression runs it at each of its times (not now). Upsert: the same `schedulerId` again
   * replaces the job, data and cadence.
   */
  schedule<T>(schedulerId: string, name: string, data: T, repeat: number | CronRepeat): Promise<void>;
  unschedule(schedulerId: string): Promise<void>;
  start(): Promise<void>;
  /** Stops taking jobs, waits for running ones, releases connections; idempotent. */
  close(): Promise<void>;
  /** Called on every failed attempt; `final` when no retry follows. */
  onFailed(listener: (name: string, jobId: string, error: Error, final: boolean) => void): void;
}
