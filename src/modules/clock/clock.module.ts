import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AuthorizationExpiry } from './authorization-expiry';
import { ClockHttpController } from './clock.http.controller';
import { AdvanceClockHandler } from './commands/advance-clock/advance-clock.handler';
import { AuthorizationExpiryJobs } from './jobs/authorization-expiry.jobs';
import { GetClockHandler } from './queries/get-clock.query';

/**
 * The sandbox test clock: each region's time runs ahead of the wall clock by an offset that only grows.
 * Advancing it runs what came due in the region (authorization expiry, scheduled closes, webhook
 * retries); the authorization expiry sweep also runs on a wall-clock schedule.
 */
@Module({
  imports: [WebhooksModule],
  controllers: [ClockHttpController],
  providers: [AuthorizationExpiry, AuthorizationExpiryJobs, AdvanceClockHandler, GetClockHandler],
})
export class ClockModule {}
