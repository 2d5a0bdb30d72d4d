import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { CommandBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { JOB_RUNNER, type JobRunner } from '../../../adapters/jobs/job-runner.port';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import { DomainError } from '../../../core/errors';
import { RegionLoadedEvent } from '../../regions/events/region-loaded.event';
import { type Db, PRISMA } from '../../shared/persistence';
import { CloseWindowCommand } from '../commands/close-window/close-window.command';

const CLOSE_OPEN_WINDOW = 'settlement.close-open-window';
const RESUME_WINDOW = 'settlement.resume-window';

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
      const region = await this.db.region.findUnique({ where: { id: regionId }, select: { settlementCycleSeconds: true } });
      const open = await this.db.settlementWindow.findFirst({ where: { regionId, status: 'open' }, select: { id: true, openedAt: true } });
      if (!region?.settlementCycleSeconds || !open) return;
      // A tick less than half a cycle after the window opened (the scheduler's first, immediate run, or
      // one right after a manual close) leaves the young window open until the next tick.
      if (Date.now() - open.openedAt.getTime() < (region.settlementCycleSeconds * 1000) / 2) return;
      await this.close(open.id);
    });
    this.jobs.register<{ windowId: string }>(RESUME_WINDOW, async ({ windowId }) => this.close(windowId));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    const regions = await this.db.region.findMany({
      where: { settlementCycleSeconds: { not: null } },
      select: { id: true, settlementCycleSeconds: true },
    });
    for (const region of regions) await this.scheduleRegion(region.id, region.settlementCycleSeconds);
    const unfinished = await this.db.settlementWindow.findMany({
      where: { status: { in: ['closing', 'closed', 'settling'] } },
      select: { id: true },
    });
    for (const window of unfinished) {
      this.logger.warn(`Resuming settlement of window ${window.id}, interrupted before it settled`);
      await this.jobs.enqueue(RESUME_WINDOW, { windowId: window.id }, { jobId: `resume:${window.id}` });
    }
  }

  /** Upserts the region's close cadence; a region without a cycle closes only on request. */
  async scheduleRegion(regionId: string, cycleSeconds: number | null): Promise<void> {
    const schedulerId = `settlement-cycle:${regionId}`;
    if (cycleSeconds === null) {
      await this.jobs.unschedule(schedulerId);
      return;
    }
    await this.jobs.schedule(schedulerId, CLOSE_OPEN_WINDOW, { regionId }, cycleSeconds * 1000);
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

@EventsHandler(RegionLoadedEvent)
export class ScheduleRegionCycle implements IEventHandler<RegionLoadedEvent> {
  constructor(
    private readonly settlementJobs: SettlementJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: RegionLoadedEvent): Promise<void> {
    if (this.config.runWorkers) await this.settlementJobs.scheduleRegion(event.regionId, event.settlementCycleSeconds);
  }
}
