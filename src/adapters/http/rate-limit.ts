import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { Request } from 'express';

/**
 * Requests per second per API key (per client address without one), answered past the limit with
 * `429 too_many_requests` and `Retry-After`. Counts are kept in this process: with several API
 * processes each allows the limit. 0 turns the limit off (for load tests of the service itself).
 */
@Module({})
export class RateLimitModule {
  static forRoot(requestsPerSecond: number): DynamicModule {
    // Off means no guard at all, not a guard that skips: it would still run on every request.
    if (requestsPerSecond === 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 1000, limit: requestsPerSecond }],
          errorMessage: `This API key sent more than ${requestsPerSecond} requests in a second; retry after the Retry-After seconds.`,
          getTracker: (req: Record<string, unknown>) => trackerOf(req as unknown as Request),
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}

/** Whose budget a request spends: a digest of its API key (never the key itself), else its address. */
function trackerOf(req: Request): string {
  const authorization = req.get('authorization');
  if (authorization) return `key:${createHash('sha256').update(authorization).digest('hex')}`;
  return `ip:${req.ip ?? 'unknown'}`;
}
