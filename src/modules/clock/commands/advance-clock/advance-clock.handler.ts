import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { nextCronTime } from '../../../../adapters/jobs/cron-schedule';
import { DomainError } from '../../../../core/errors';
import { advancedOffset, type ClockAdvance, intervalCloseDue, isDue, sandboxNow } from '../../../../core/time';
import { cycleRepeat } from '../../../regions/settlement-cycle';
import { CloseWindowCommand } from '../../../settlement/commands/close-window/close-window.command';
import { type Db, PRISMA } from '../../../shared/persistence';
import { WebhookDeliverer } from '../../../webhooks/webhook-deliverer';
import { AuthorizationExpiry } from '../../authorization-expiry';
import { presentClock } from '../../clock.presenter';
import { AdvanceClockCommand } from './advance-clock.command';
import { requireVisibleRegion } from '../../../regions/region-scope';

@CommandHandler(AdvanceClockCommand)
export class AdvanceClockHandler implements ICommandHandler<AdvanceClockCommand, Schemas['ClockAdvanceResult']> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly expiry: AuthorizationExpiry,
    private readonly commands: CommandBus,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  async execute({ principal, regionId, request }: AdvanceClockCommand): Promise<Schemas['ClockAdvanceResult']> {
    await requireVisibleRegion(this.db, principal, regionId);
    const advance: ClockAdvance = 'seconds' in request ? { seconds: request.seconds } : { to: new Date(request.to) };
    await this.db.$transaction(async (tx) => {
      // Under the region's row lock, so two advances at once add up instead of one overwriting the other.
      const [row] = await tx.$queryRaw<
        { clock_offset_ms: bigint }[]
      >`SELECT clock_offset_ms FROM regions WHERE id = ${regionId} FOR UPDATE`;
      const offset = advancedOffset(BigInt(row!.clock_offset_ms), advance, new Date());
      await tx.region.update({ where: { id: regionId }, data: { clockOffsetMs: offset } });
    });
    // What came due, in the order time would have brought it: quotes need nothing written (paying one
    // past expires_at is refused), then authorizations lapse, the window closes, webhook retries go out.
    const expired = await this.expiry.sweep(regionId);
    const closed = await this.closeDueWindow(regionId);
    const attempted = await this.retryDueDeliveries(regionId);
    const clock = await this.db.region.findUniqueOrThrow({ where: { id: regionId }, select: { id: true, clockOffsetMs: true } });
    return {
      clock: presentClock(clock),
      expired_authorizations: expired,
      closed_windows: closed,
      webhook_deliveries_attempted: attempted,
    };
  }

  /** Closes the open window once if the region's cycle scheduled its close by now; the next one opens now. */
  private async closeDueWindow(regionId: string): Promise<string[]> {
    const region = await this.db.region.findUniqueOrThrow({
      where: { id: regionId },
      select: { clockOffsetMs: true, settlementCycleSeconds: true, settlementCycleCron: true, settlementCycleTimeZone: true },
    });
    const open = await this.db.settlementWindow.findFirst({ where: { regionId, status: 'open' }, select: { id: true, openedAt: true } });
    const repeat = cycleRepeat(region);
    if (!open || repeat === null) return [];
    const now = sandboxNow(region.clockOffsetMs);
    const due =
      typeof repeat === 'number' ? intervalCloseDue(open.openedAt, repeat / 1000, now) : isDue(nextCronTime(repeat, open.openedAt), now);
    if (!due) return [];
    try {
      await this.commands.execute(new CloseWindowCommand(open.id));
    } catch (error) {
      // The scheduler or a manual close got there first: that close is the one.
      if (error instanceof DomainError && error.code === 'window_not_open') return [];
      throw error;
    }
    return [open.id];
  }

  /**
   * Makes every webhook retry of the region that came due, through the deliverer, so each counts as
   * its scheduled attempt: the job waiting for it on the wall clock then finds it made and does nothing.
   * First attempts are left to their own job, which runs at once.
   */
  private async retryDueDeliveries(regionId: string): Promise<number> {
    const { clockOffsetMs } = await this.db.region.findUniqueOrThrow({ where: { id: regionId }, select: { clockOffsetMs: true } });
    const due = await this.db.webhookDelivery.findMany({
      where: {
        status: 'pending',
        attemptCount: { gt: 0 },
        nextAttemptAt: { lte: sandboxNow(clockOffsetMs) },
        endpoint: { regionId, status: 'enabled' },
      },
      select: { id: true, attemptCount: true },
      orderBy: { id: 'asc' },
    });
    for (const delivery of due) await this.deliverer.attemptScheduled({ deliveryId: delivery.id, attempt: delivery.attemptCount + 1 });
    return due.length;
  }
}
