import { InProcessJobRunner } from './in-process-job-runner';

describe('InProcessJobRunner', () => {
  let runner: InProcessJobRunner;

  beforeEach(() => {
    runner = new InProcessJobRunner();
  });

  afterEach(() => runner.close());

  it('skips a scheduled run while the previous run of that scheduler is still going', async () => {
    let runs = 0;
    let releaseFirstRun = () => {};
    const firstRunHeld = new Promise<void>((resolve) => {
      releaseFirstRun = resolve;
    });
    // Room for two at once: a stacked run would start beside the held one.
    runner.register(
      'close-region-window',
      async () => {
        runs += 1;
        if (runs === 1) await firstRunHeld;
      },
      { concurrency: 2 },
    );
    await runner.start();

    await runner.schedule('region:ecowas', 'close-region-window', {}, 10);
    await sleep(150);
    expect(runs).toBe(1);

    releaseFirstRun();
    await eventually(() => expect(runs).toBeGreaterThanOrEqual(2));
  });

  describe('on a cron cadence', () => {
    afterEach(() => jest.useRealTimers());

    it('runs at each time of the expression and not at once, as a BullMQ cron scheduler', async () => {
      jest.useFakeTimers({ now: new Date('2026-11-23T10:00:07Z') });
      const runs: string[] = [];
      runner.register('close-region-window', async () => {
        runs.push(new Date().toISOString());
      });
      await runner.start();

      await runner.schedule('region:ecowas', 'close-region-window', {}, { cron: '*/15 * * * * *' });
      await jest.advanceTimersByTimeAsync(7_999);
      expect(runs).toEqual([]);
      await jest.advanceTimersByTimeAsync(15_001);
      expect(runs).toEqual(['2026-11-23T10:00:15.000Z', '2026-11-23T10:00:30.000Z']);
    });

    it('reads the expression in its time zone', async () => {
      jest.useFakeTimers({ now: new Date('2026-11-23T05:59:00Z') });
      const runs: string[] = [];
      runner.register('close-region-window', async () => {
        runs.push(new Date().toISOString());
      });
      await runner.start();

      // 09:00 in Nairobi (UTC+3) is 06:00 UTC.
      await runner.schedule('region:eac', 'close-region-window', {}, { cron: '0 9 * * *', timeZone: 'Africa/Nairobi' });
      await jest.advanceTimersByTimeAsync(60_000);
      expect(runs).toEqual(['2026-11-23T06:00:00.000Z']);
    });

    it('refuses an expression BullMQ could not run, or one firing more often than every 10 seconds', async () => {
      await expect(runner.schedule('region:x', 'close-region-window', {}, { cron: '61 * * * *' })).rejects.toThrow(RangeError);
      await expect(runner.schedule('region:x', 'close-region-window', {}, { cron: '*/5 * * * * *' })).rejects.toThrow(
        'less than 10 seconds apart',
      );
      await expect(runner.schedule('region:x', 'close-region-window', {}, { cron: '0 * * * *', timeZone: 'Mars/Olympus' })).rejects.toThrow(
        'not an IANA time zone',
      );
    });
  });

  it('refuses a job name that BullMQ could not use, as production would', async () => {
    expect(() => runner.register('settlement:close', async () => {})).toThrow(RangeError);
    await expect(runner.enqueue('settlement:close', {})).rejects.toThrow(RangeError);
  });

  it('refuses a handler registered after start, which would never get its jobs in production', async () => {
    await runner.start();

    expect(() => runner.register('export-report', async () => {})).toThrow('before start()');
  });
});

async function eventually(assertion: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
