import { Module } from '@nestjs/common';
import { IdempotentExecutor } from './idempotent-executor';

/** Idempotency keys for state-changing requests: the first response is replayed, never the change. */
@Module({ providers: [IdempotentExecutor], exports: [IdempotentExecutor] })
export class IdempotencyModule {}
