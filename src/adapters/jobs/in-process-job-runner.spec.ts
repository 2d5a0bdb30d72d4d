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
