import { Module } from '@nestjs/common';
import { IdempotencyPurge } from './idempotency-purge';
import { IdempotentExecutor } from './idempotent-executor';
import { IdempotencyJobs } from './jobs/idempotency-jobs';

/**
 * Idempotency keys for state-changing requests: the first response is replayed, never the change.
 * Records are kept for the configured retention (at least 24 hours), then purged hourly.
 */
@Module({ providers: [IdempotentExecutor, IdempotencyPurge, IdempotencyJobs], exports: [IdempotentExecutor, IdempotencyPurge] })
export class IdempotencyModule {}
