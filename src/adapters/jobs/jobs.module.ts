import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BullMqJobRunner } from './bullmq-job-runner';
import { InProcessJobRunner } from './in-process-job-runner';
import { JOB_RUNNER, type JobRunner } from './job-runner.port';

export interface JobsModuleOptions {
  /** BullMQ on this Redis when set; the in-process runner when null. */
  redisUrl: string | null;
  /** BullMQ key prefix, so several sandboxes can share one Redis. */
  prefix?: string;
}

export function createJobRunner(options: JobsModuleOptions): JobRunner {
  return options.redisUrl
    ? new BullMqJobRunner({ redisUrl: options.redisUrl, ...(options.prefix && { prefix: options.prefix }) })
    : new InProcessJobRunner();
}

/**
 * Provides `JOB_RUNNER` everywhere. Modules register their handlers in `onModuleInit`; whoever
 * composes the process calls `start()` once those are in, and only where workers should run.
 */
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_RUNNER) private readonly runner: JobRunner) {}

  static forRoot(options: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [{ provide: JOB_RUNNER, useFactory: () => createJobRunner(options) }],
      exports: [JOB_RUNNER],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.close();
  }
}
