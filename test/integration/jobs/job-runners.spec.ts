import { Redis } from 'ioredis';
import { BullMqJobRunner } from '../../../src/adapters/jobs/bullmq-job-runner';
import { InProcessJobRunner } from '../../../src/adapters/jobs/in-process-job-runner';
import { describeJobRunnerContract } from './job-runner.contract';

jest.setTimeout(20_000);

describeJobRunnerContract('InProcessJobRunner', () => new InProcessJobRunner());

describe('on Redis', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // Each runner gets its own key prefix, so no test sees jobs another one left behind.
  const runPrefix = `corridor-test-jobs-${process.pid}-${Date.now()}`;
  let runners = 0;

  afterAll(async () => {
    const redis = new Redis(redisUrl);
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${runPrefix}-*`, count: 500 })) keys.push(...(batch as string[]));
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
  });

  describeJobRunnerContract('BullMqJobRunner', () => new BullMqJobRunner({ redisUrl, prefix: `${runPrefix}-${++runners}` }));
});
