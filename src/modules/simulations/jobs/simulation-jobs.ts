import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../../../adapters/jobs/job-runner.port';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import type { Prisma } from '../../../generated/prisma/client';
import { type Db, PRISMA } from '../../shared/persistence';
import { runScenarioOffThread } from '../scenario-runner';

export const RUN_SIMULATION = 'simulations.run';

/** Progress is written at most this often: it is for a status page, not for accounting. */
const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * The simulation worker: runs a queued scenario off the event loop, writes its progress while it
 * runs, and stores the outputs (or why it failed). Simulations a stopped process left queued or
 * running are queued again at start-up; the same scenario and seed give the same outputs, so running
 * one again is safe.
 */
@Injectable()
export class SimulationJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SimulationJobs.name);

  constructor(
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(PRISMA) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ simulationId: string }>(RUN_SIMULATION, ({ simulationId }) => this.run(simulationId));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    const unfinished = await this.db.simulation.findMany({ where: { status: { in: ['queued', 'running'] } }, select: { id: true } });
    for (const { id } of unfinished) {
      await this.jobs.enqueue(RUN_SIMULATION, { simulationId: id }, { jobId: id, attempts: 1 });
    }
  }

  private async run(simulationId: string): Promise<void> {
    const simulation = await this.db.simulation.findUnique({ where: { id: simulationId } });
    if (!simulation || simulation.status === 'succeeded' || simulation.status === 'failed') return;
    // Simulations run on the wall clock: their times say how long the computation took, not when in a region.
    await this.db.simulation.update({ where: { id: simulationId }, data: { status: 'running', startedAt: new Date(), progress: 0 } });
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    try {
      const outputs = await runScenarioOffThread(simulation.scenario, (fraction, label) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
        lastWrite = now;
        writing = writing.then(() =>
          this.db.simulation.update({ where: { id: simulationId }, data: { progress: Math.min(fraction, 0.99), progressLabel: label } }),
        );
      });
      await writing;
      await this.db.simulation.update({
        where: { id: simulationId },
        data: {
          status: 'succeeded',
          progress: 1,
          progressLabel: 'done',
          finishedAt: new Date(),
          // The report is plain JSON data (strings, numbers, arrays), which Prisma's JSON type cannot infer.
          report: outputs.report as unknown as Prisma.InputJsonObject,
          reportHtml: outputs.reportHtml,
          metricsCsv: outputs.metricsCsv,
          queueCsv: outputs.queueCsv,
        },
      });
    } catch (error) {
      await writing.catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Simulation ${simulationId} failed: ${reason}`);
      await this.db.simulation.update({
        where: { id: simulationId },
        data: { status: 'failed', finishedAt: new Date(), failureReason: reason },
      });
    }
  }
}
