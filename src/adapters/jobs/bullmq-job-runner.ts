import { Logger } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  asError,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  requireConcurrency,
  requireCron,
  requireEveryMs,
  requireJobName,
  resolveJobOptions,
} from './job-options';
import type { CronRepeat } from './cron-schedule';
import type { JobHandler, JobOptions, JobRunner } from './job-runner.port';

export interface BullMqJobRunnerOptions {
  redisUrl: string;
  /** BullMQ's key prefix (default `bull`); a unique one keeps test runs or tenants apart. */
  prefix?: string;
}

type FailedListener = (name: string, jobId: string, error: Error, final: boolean) => void;

/** Queue names are namespaced so Corridor can share a Redis with other BullMQ users. */
const QUEUE_NAME_PREFIX = 'corridor.';

/**
 * The production runner: one BullMQ queue and (once started) one worker per job name, so workers on
 * many machines share the work. Failures are reported by the process whose worker ran the job.
 */
export class BullMqJobRunner implements JobRunner {
  readonly kind = 'bullmq' as const;

  private readonly logger = new Logger(BullMqJobRunner.name);
  private readonly prefix: string;
  /**
   * Shared by every queue and the scheduler registry. It keeps ioredis' default retry limit so an
   * enqueue fails instead of hanging when Redis is away; workers get their own blocking connections.
   */
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number }>();
  private readonly workers: Worker[] = [];
  private readonly failedListeners: FailedListener[] = [];
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullMqJobRunnerOptions) {
    this.prefix = options.prefix ?? 'bull';
    this.connection = new Redis(options.redisUrl);
    this.connection.on('error', this.logError);
  }

  register<T>(name: string, handler: JobHandler<T>, options?: { concurrency?: number }): void {
    requireJobName(name);
    if (this.started || this.closing) throw new Error(`register job '${name}' before start()`);
    if (this.handlers.has(name)) throw new Error(`a handler for job '${name}' is already registered`);
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, concurrency: requireConcurrency(options) });
  }

  async enqueue<T>(name: string, data: T, options?: JobOptions): Promise<void> {
    this.requireOpen();
    requireJobName(name);
    const { jobId, delayMs, attempts, backoffMs } = resolveJobOptions(options);
    await this.queueOf(name).add(name, data, {
      ...(jobId !== undefined && { jobId: toBullJobId(jobId) }),
      delay: delayMs,
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
    });
  }

  async schedule<T>(schedulerId: string, name: string, data: T, repeat: number | CronRepeat): Promise<void> {
    this.requireOpen();
    requireJobName(name);
    const cadence =
      typeof repeat === 'number'
        ? { every: requireEveryMs(repeat) }
        : // Without a zone BullMQ would read the pattern in the server's local time; Corridor reads it in UTC.
          { pattern: requireCron(repeat).cron, tz: repeat.timeZone ?? 'UTC' };
    // A scheduler lives in its job's queue, but unschedule() only knows its id (maybe in another
    // process): a Redis hash remembers which queue holds each one.
    const previousName = await this.connection.hget(this.schedulerRegistryKey, schedulerId);
    if (previousName !== null && previousName !== name) {
      await this.queueOf(previousName).removeJobScheduler(toBullSchedulerId(schedulerId));
    }
    await this.queueOf(name).upsertJobScheduler(toBullSchedulerId(schedulerId), cadence, { name, data });
    await this.connection.hset(this.schedulerRegistryKey, schedulerId, name);
  }

  async unschedule(schedulerId: string): Promise<void> {
    this.requireOpen();
    const name = await this.connection.hget(this.schedulerRegistryKey, schedulerId);
    if (name === null) return;
    await this.queueOf(name).removeJobScheduler(toBullSchedulerId(schedulerId));
    await this.connection.hdel(this.schedulerRegistryKey, schedulerId);
  }

  async start(): Promise<void> {
    this.requireOpen();
    if (this.started) return;
    this.started = true;
    for (const [name, { handler, concurrency }] of this.handlers) {
      const worker = new Worker(
        QUEUE_NAME_PREFIX + name,
        (job: Job) => handler(job.data, { jobId: fromBullJobId(job.id ?? ''), attempt: job.attemptsMade + 1 }),
        {
          // Blocking reads must wait for Redis however long it takes, hence no retry limit.
          connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
          prefix: this.prefix,
          concurrency,
        },
      );
      worker.on('failed', (job, error) => this.reportFailure(name, job, error));
      worker.on('error', this.logError);
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  onFailed(listener: FailedListener): void {
    this.failedListeners.push(listener);
  }

  private async shutdown(): Promise<void> {
    // Workers first: Worker.close() waits for the jobs they are running.
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    // quit() lets replies in flight arrive; with Redis away it would wait for a reconnect instead.
    if (this.connection.status === 'ready') await this.connection.quit();
    else this.connection.disconnect();
  }

  private reportFailure(name: string, job: Job | undefined, thrown: unknown): void {
    // BullMQ drops the job from the event when it was removed after stalling too often: that is final.
    const jobId = job ? fromBullJobId(job.id ?? '') : 'unknown';
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
    const error = asError(thrown);
    for (const listener of this.failedListeners) {
      try {
        listener(name, jobId, error, final);
      } catch (listenerError) {
        this.logger.error(`onFailed listener threw for job '${name}' ${jobId}`, asError(listenerError).stack);
      }
    }
  }

  private queueOf(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(QUEUE_NAME_PREFIX + name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: {
          attempts: DEFAULT_ATTEMPTS,
          backoff: { type: 'exponential', delay: DEFAULT_BACKOFF_MS },
          // Finished jobs leave Redis, so a jobId only dedupes while its job is pending or running,
          // as in the embedded runner. Final failures reach onFailed listeners instead.
          removeOnComplete: true,
          removeOnFail: true,
        },
      });
      queue.on('error', this.logError);
      this.queues.set(name, queue);
    }
    return queue;
  }

  private get schedulerRegistryKey(): string {
    return `${this.prefix}:corridor-job-schedulers`;
  }

  private readonly logError = (error: Error): void => {
    this.logger.error(error.message, error.stack);
  };

  private requireOpen(): void {
    if (this.closing) throw new Error('the job runner is closed');
  }
}

// BullMQ refuses custom ids that contain ':' or read as integers. Callers may use any string: it is
// escaped on the way in and restored in what handlers and listeners see.
function toBullJobId(jobId: string): string {
  return `~${encodeURIComponent(jobId)}`;
}

function toBullSchedulerId(schedulerId: string): string {
  return encodeURIComponent(schedulerId);
}

/** Caller ids come back as given; a scheduler's runs read `repeat:<schedulerId>:<millis>`. */
function fromBullJobId(id: string): string {
  if (id.startsWith('~')) return decodeURIComponent(id.slice(1));
  const scheduled = /^repeat:([^:]*):(\d+)$/.exec(id);
  return scheduled ? `repeat:${decodeURIComponent(scheduled[1] ?? '')}:${scheduled[2] ?? ''}` : id;
}
