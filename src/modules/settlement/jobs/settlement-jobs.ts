import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { CommandBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { JOB_RUNNER, type JobRunner } from '../../../adapters/jobs/job-runner.port';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import { DomainError } from '../../../core/errors';
import { sandboxNow } from '../../../core/time';
import { RegionLoadedEvent } from '../../regions/events/region-loaded.event';
import { SettlementModelChangedEvent } from '../../regions/events/settlement-model-changed.event';
import { cycleRepeat, type SettlementCycleColumns } from '../../regions/settlement-cycle';
import { type Db, PRISMA } from '../../shared/persistence';
import { CloseWindowCommand } from '../commands/close-window/close-window.command';

const CLOSE_OPEN_WINDOW = 'settlement.close-open-window';
const RESUME_WINDOW = 'settlement.resume-window';
const CYCLE_COLUMNS = { settlementCycleSeconds: true, settlementCycleCron: true, settlementCycleTimeZone: true } as const;

/**
 * The settlement worker: each region's cycle closes its open window on a job scheduler, and windows a
 * crash left between `closing` and `settled` are resumed at start-up. Both go through CloseWindowCommand,
 * whose row lock and state checks make a second worker on the same window a no-op.
 */
@Injectable()
export class SettlementJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SettlementJobs.name);

  constructor(
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(PRISMA) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ regionId: string }>(CLOSE_OPEN_WINDOW, async ({ regionId }) => {
      const region = await this.db.region.findUnique({
        where: { id: regionId },
        select: { settlementCycleSeconds: true, settlementCycleCron: true, clockOffsetMs: true },
      });
      const open = await this.db.settlementWindow.findFirst({ where: { regionId, status: 'open' }, select: { id: true, openedAt: true } });
      if (!region || !open) return;
      // A cron cycle closes at each of its times, whenever the window opened.
      if (region.settlementCycleCron !== null) return this.close(open.id);
      if (!region.settlementCycleSeconds) return;
      // A tick less than half a cycle after the window opened (the scheduler's first, immediate run, or
      // one right after a manual close) leaves the young window open until the next tick. Ages are read
      // on the region's test clock, on which the window's opened_at was taken.
      const age = sandboxNow(region.clockOffsetMs).getTime() - open.openedAt.getTime();
      if (age < (region.settlementCycleSeconds * 1000) / 2) return;
      await this.close(open.id);
    });
    this.jobs.register<{ windowId: string }>(RESUME_WINDOW, async ({ windowId }) => this.close(windowId));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    // Every region, those without a cycle too: a change to manual closes that a crash kept from
    // reaching a persistent (BullMQ) scheduler is undone here.
    const regions = await this.db.region.findMany({ select: { id: true, ...CYCLE_COLUMNS } });
    for (const region of regions) await this.scheduleRegion(region.id, region);
    const unfinished = await this.db.settlementWindow.findMany({
      where: { status: { in: ['closing', 'closed', 'settling'] } },
      select: { id: true },
    });
    for (const window of unfinished) {
      this.logger.warn(`Resuming settlement of window ${window.id}, interrupted before it settled`);
      await this.jobs.enqueue(RESUME_WINDOW, { windowId: window.id }, { jobId: `resume:${window.id}` });
    }
  }

  /** Upserts the region's close cadence from its stored cycle; a region without one closes only on request. */
  async rescheduleRegion(regionId: string): Promise<void> {
    const region = await this.db.region.findUnique({ where: { id: regionId }, select: CYCLE_COLUMNS });
    if (region) await this.scheduleRegion(regionId, region);
  }

  private async scheduleRegion(regionId: string, cycle: SettlementCycleColumns): Promise<void> {
    const schedulerId = `settlement-cycle:${regionId}`;
    const repeat = cycleRepeat(cycle);
    if (repeat === null) {
      await this.jobs.unschedule(schedulerId);
      return;
    }
    await this.jobs.schedule(schedulerId, CLOSE_OPEN_WINDOW, { regionId }, repeat);
  }

  private async close(windowId: string): Promise<void> {
    try {
      await this.commands.execute(new CloseWindowCommand(windowId));
    } catch (error) {
      // Someone else (a manual close, another worker) finished it first: nothing left to do.
      if (error instanceof DomainError && error.code === 'window_not_open') return;
      throw error;
    }
  }
}

@EventsHandler(RegionLoadedEvent, SettlementModelChangedEvent)
export class ScheduleRegionCycle implements IEventHandler<RegionLoadedEvent | SettlementModelChangedEvent> {
  constructor(
    private readonly settlementJobs: SettlementJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reads the cycle back from the region, so two quick changes end on the last one whatever order these run in. */
  async handle(event: RegionLoadedEvent | SettlementModelChangedEvent): Promise<void> {
    // An API process of a cluster writes the schedule too: it lives in Redis, where the job process runs it.
    if (this.config.runWorkers || this.config.jobWorkersElsewhere) await this.settlementJobs.rescheduleRegion(event.regionId);
  }
}
