import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../../../adapters/jobs/job-runner.port';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import { IdempotencyPurge } from '../idempotency-purge';

const PURGE_IDEMPOTENCY_RECORDS = 'idempotency.purge';
/** Hourly: a record lives at most the retention plus an hour. */
const PURGE_EVERY_MS = 3_600_000;

/** The idempotency worker: purges records past the configured retention, now and then every hour. */
@Injectable()
export class IdempotencyJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly purger: IdempotencyPurge,
  ) {}

  onModuleInit(): void {
    this.jobs.register(PURGE_IDEMPOTENCY_RECORDS, async () => {
      await this.purger.purge({ now: new Date(), retentionHours: this.config.idempotencyRetentionHours });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.jobs.schedule('idempotency-purge', PURGE_IDEMPOTENCY_RECORDS, {}, PURGE_EVERY_MS);
  }
}
