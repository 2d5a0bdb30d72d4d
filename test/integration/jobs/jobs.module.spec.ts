import { NestFactory } from '@nestjs/core';
import { JOB_RUNNER, type JobRunner } from '../../../src/adapters/jobs/job-runner.port';
import { JobsModule } from '../../../src/adapters/jobs/jobs.module';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('JobsModule', () => {
  it('runs jobs in process when no Redis is configured', async () => {
    const app = await NestFactory.createApplicationContext(JobsModule.forRoot({ redisUrl: null }), { logger: false });

    expect(app.get<JobRunner>(JOB_RUNNER).kind).toBe('in-process');
    await app.close();
  });

  it('runs jobs on BullMQ when a Redis URL is set, and closes the runner with the application', async () => {
    const prefix = `corridor-test-jobs-module-${process.pid}-${Date.now()}`;
    const app = await NestFactory.createApplicationContext(JobsModule.forRoot({ redisUrl, prefix }), { logger: false });
    const runner = app.get<JobRunner>(JOB_RUNNER);
    expect(runner.kind).toBe('bullmq');

    await app.close();

    await expect(runner.enqueue('export-report', {})).rejects.toThrow('closed');
  });
});
