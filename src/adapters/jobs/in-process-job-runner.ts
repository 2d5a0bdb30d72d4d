import { Logger } from '@nestjs/common';
import {
  asError,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  requireConcurrency,
  requireCron,
  requireEveryMs,
  requireJobName,
  resolveJobOptions,
  retryDelayMs,
} from './job-options';
import { type CronRepeat, nextCronTime } from './cron-schedule';
import type { JobHandler, JobOptions, JobRunner } from './job-runner.port';

/** The longest delay setTimeout takes (2^31 − 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

type FailedListener = (name: string, jobId: string, error: Error, final: boolean) => void;

interface QueuedJob {
  readonly name: string;
  readonly id: string;
  /** The data as JSON, parsed afresh for each attempt as BullMQ does. */
  readonly payload: string;
  readonly attempts: number;
  readonly backoffMs: number;
  attempt: number;
  /** Frees what kept a twin out (its jobId, or its scheduler's turn) once it succeeds or fails for good. */
  readonly settle: () => void;
}

interface Lane {
  readonly handler: JobHandler<unknown>;
  readonly concurrency: number;
  running: number;
}

interface Scheduler {
  name: string;
  payload: string;
  /** The cadence as a comparable key: `every:<ms>` or `cron:<expression>@<zone>`. */
  cadence: string;
  /** The interval's, or the wait for the cron's next time (re-armed after each). */
  timer?: NodeJS.Timeout;
  /** A run of this scheduler is waiting or running: the next tick is skipped rather than stacked. */
  busy: boolean;
}

/**
 * The embedded default: BullMQ's semantics (JSON data, jobId dedupe, retries with exponential
 * backoff, per-name concurrency, schedulers) with timers in this process. Jobs live in memory, so
 * whatever is still waiting at `close()` is dropped.
 */
export class InProcessJobRunner implements JobRunner {
  readonly kind = 'in-process' as const;

  private readonly logger = new Logger(InProcessJobRunner.name);
  private readonly lanes = new Map<string, Lane>();
  private readonly waiting = new Map<string, QueuedJob[]>();
  private readonly pendingJobIds = new Map<string, Set<string>>();
  private readonly schedulers = new Map<string, Scheduler>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly failedListeners: FailedListener[] = [];
  private lastJobNumber = 0;
  private started = false;
  private closing: Promise<void> | undefined;

  register<T>(name: string, handler: JobHandler<T>, options?: { concurrency?: number }): void {
    requireJobName(name);
    if (this.started || this.closing) throw new Error(`register job '${name}' before start()`);
    if (this.lanes.has(name)) throw new Error(`a handler for job '${name}' is already registered`);
    this.lanes.set(name, {
      handler: handler as JobHandler<unknown>,
      concurrency: requireConcurrency(options),
      running: 0,
    });
  }

  async enqueue<T>(name: string, data: T, options?: JobOptions): Promise<void> {
    this.requireOpen();
    requireJobName(name);
    const { jobId, delayMs, attempts, backoffMs } = resolveJobOptions(options);
    const payload = toPayload(data);
    let settle = () => {};
    if (jobId !== undefined) {
      const pending = this.pendingJobIdsOf(name);
      if (pending.has(jobId)) return;
      pending.add(jobId);
      settle = () => pending.delete(jobId);
    }
    const job: QueuedJob = {
      name,
      id: jobId ?? String(++this.lastJobNumber),
      payload,
      attempts,
      backoffMs,
      attempt: 1,
      settle,
    };
    if (delayMs > 0) this.after(delayMs, () => this.ready(job));
    else this.ready(job);
  }

  async schedule<T>(schedulerId: string, name: string, data: T, repeat: number | CronRepeat): Promise<void> {
    this.requireOpen();
    requireJobName(name);
    const cadence =
      typeof repeat === 'number' ? `every:${requireEveryMs(repeat)}` : `cron:${requireCron(repeat).cron}@${repeat.timeZone ?? 'UTC'}`;
    const payload = toPayload(data);
    const existing = this.schedulers.get(schedulerId);
    // Like BullMQ: new data for the same job and cadence keeps the rhythm; anything else restarts it.
    if (existing && existing.name === name && existing.cadence === cadence) {
      existing.payload = payload;
      return;
    }
    if (existing) clearTimeout(existing.timer);
    // A replaced scheduler keeps its busy flag: its run in flight still counts as the previous one.
    const scheduler: Scheduler = existing ?? { name, payload, cadence, busy: false };
    Object.assign(scheduler, { name, payload, cadence });
    this.schedulers.set(schedulerId, scheduler);
    if (typeof repeat === 'number') {
      scheduler.timer = setInterval(() => this.fire(schedulerId, scheduler), repeat).unref();
      this.fire(schedulerId, scheduler);
    } else {
      // As BullMQ: a cron scheduler first runs at the expression's next time, not now.
      this.armCron(schedulerId, scheduler, repeat);
    }
  }

  async unschedule(schedulerId: string): Promise<void> {
    this.requireOpen();
    const scheduler = this.schedulers.get(schedulerId);
    if (!scheduler) return;
    clearTimeout(scheduler.timer);
    this.schedulers.delete(schedulerId);
  }

  async start(): Promise<void> {
    this.requireOpen();
    if (this.started) return;
    this.started = true;
    for (const name of this.waiting.keys()) this.pump(name);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  onFailed(listener: FailedListener): void {
    this.failedListeners.push(listener);
  }

  private async shutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const scheduler of this.schedulers.values()) clearTimeout(scheduler.timer);
    this.schedulers.clear();
    this.waiting.clear();
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Waits for the cron's next time, runs it, and waits for the one after; a replaced cadence stops the chain. */
  private armCron(schedulerId: string, scheduler: Scheduler, repeat: CronRepeat): void {
    const cadence = scheduler.cadence;
    const due = nextCronTime(repeat, new Date()).getTime();
    const wait = () => {
      if (this.closing || this.schedulers.get(schedulerId) !== scheduler || scheduler.cadence !== cadence) return;
      const left = due - Date.now();
      if (left > 0) {
        // setTimeout holds at most about 24.8 days; a longer wait is taken in steps.
        scheduler.timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS)).unref();
        return;
      }
      this.fire(schedulerId, scheduler);
      this.armCron(schedulerId, scheduler, repeat);
    };
    wait();
  }

  private fire(schedulerId: string, scheduler: Scheduler): void {
    if (this.closing || scheduler.busy) return;
    scheduler.busy = true;
    this.ready({
      name: scheduler.name,
      id: `repeat:${schedulerId}:${Date.now()}`,
      payload: scheduler.payload,
      attempts: DEFAULT_ATTEMPTS,
      backoffMs: DEFAULT_BACKOFF_MS,
      attempt: 1,
      settle: () => {
        scheduler.busy = false;
      },
    });
  }

  private ready(job: QueuedJob): void {
    let queue = this.waiting.get(job.name);
    if (!queue) this.waiting.set(job.name, (queue = []));
    queue.push(job);
    this.pump(job.name);
  }

  private pump(name: string): void {
    const lane = this.lanes.get(name);
    const queue = this.waiting.get(name);
    if (!this.started || this.closing || !lane || !queue) return;
    while (lane.running < lane.concurrency) {
      const job = queue.shift();
      if (!job) return;
      this.run(lane, job);
    }
  }

  private run(lane: Lane, job: QueuedJob): void {
    lane.running += 1;
    const execution: Promise<void> = this.attempt(lane, job).finally(() => {
      lane.running -= 1;
      this.running.delete(execution);
      this.pump(job.name);
    });
    this.running.add(execution);
  }

  private async attempt(lane: Lane, job: QueuedJob): Promise<void> {
    try {
      await lane.handler(JSON.parse(job.payload), { jobId: job.id, attempt: job.attempt });
      job.settle();
    } catch (thrown) {
      const final = job.attempt >= job.attempts;
      this.reportFailure(job, asError(thrown), final);
      if (final) {
        job.settle();
        return;
      }
      const delay = retryDelayMs(job.backoffMs, job.attempt);
      job.attempt += 1;
      this.after(delay, () => this.ready(job));
    }
  }

  private reportFailure(job: QueuedJob, error: Error, final: boolean): void {
    for (const listener of this.failedListeners) {
      try {
        listener(job.name, job.id, error, final);
      } catch (listenerError) {
        this.logger.error(`onFailed listener threw for job '${job.name}' ${job.id}`, asError(listenerError).stack);
      }
    }
  }

  /** An unref'ed timer: pending jobs alone never keep a CLI process alive. */
  private after(ms: number, action: () => void): void {
    if (this.closing) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms).unref();
    this.timers.add(timer);
  }

  private pendingJobIdsOf(name: string): Set<string> {
    let ids = this.pendingJobIds.get(name);
    if (!ids) this.pendingJobIds.set(name, (ids = new Set()));
    return ids;
  }

  private requireOpen(): void {
    if (this.closing) throw new Error('the job runner is closed');
  }
}

/** Serialised at enqueue time, as BullMQ does, so a job never sees later changes to the caller's object. */
function toPayload(data: unknown): string {
  return JSON.stringify(data === undefined ? {} : data);
}
