import Decimal from 'decimal.js';
import type { JobRunner } from '../../../src/adapters/jobs/job-runner.port';

type Meta = { jobId: string; attempt: number };
type Failure = { name: string; jobId: string; message: string; final: boolean };

/**
 * What every JobRunner adapter must do, so the modules above never care which one runs. Delays are
 * tens of milliseconds; assertions poll until what must happen has happened.
 */
export function describeJobRunnerContract(adapter: string, factory: () => JobRunner): void {
  describe(`${adapter} honours the JobRunner contract`, () => {
    let runner: JobRunner;

    beforeEach(() => {
      runner = factory();
    });

    afterEach(() => runner.close());

    it('runs a job with its data and job id', async () => {
      const runs: Array<{ data: unknown; meta: Meta }> = [];
      runner.register('capture-payment', async (data, meta) => {
        runs.push({ data, meta });
      });
      await runner.start();

      await runner.enqueue('capture-payment', { paymentId: 'pay_1', amount: '12.50' }, { jobId: 'capture:pay_1' });

      await eventually(() =>
        expect(runs).toEqual([{ data: { paymentId: 'pay_1', amount: '12.50' }, meta: { jobId: 'capture:pay_1', attempt: 1 } }]),
      );
    });

    it('hands the handler its data as JSON, so amounts arrive as strings', async () => {
      const received: unknown[] = [];
      runner.register('refund', async (data) => {
        received.push(data);
      });
      await runner.start();

      await runner.enqueue('refund', { amount: new Decimal('10.25'), requestedAt: new Date('2026-01-02T03:04:05Z') });

      await eventually(() => expect(received).toEqual([{ amount: '10.25', requestedAt: '2026-01-02T03:04:05.000Z' }]));
    });

    it('keeps any caller job id, even ones BullMQ refuses as they are', async () => {
      const jobIds: string[] = [];
      runner.register('deliver-webhook', async (_data, meta) => {
        jobIds.push(meta.jobId);
      });
      await runner.start();

      await runner.enqueue('deliver-webhook', {}, { jobId: '42' });
      await runner.enqueue('deliver-webhook', {}, { jobId: 'window:7:close' });

      await eventually(() => expect(jobIds.sort()).toEqual(['42', 'window:7:close']));
    });

    it('retries a failing job and reports it final after its last attempt', async () => {
      const attempts: number[] = [];
      const failures: Failure[] = [];
      runner.register('settle-window', async (_data, meta) => {
        attempts.push(meta.attempt);
        throw new Error('settlement agent unreachable');
      });
      runner.onFailed((name, jobId, error, final) => failures.push({ name, jobId, message: error.message, final }));
      await runner.start();

      await runner.enqueue('settle-window', { windowId: 'w1' }, { jobId: 'settle-w1', attempts: 3, backoffMs: 10 });

      await eventually(() => expect(failures).toHaveLength(3));
      expect(attempts).toEqual([1, 2, 3]);
      expect(failures).toEqual(
        [false, false, true].map((final) => ({
          name: 'settle-window',
          jobId: 'settle-w1',
          message: 'settlement agent unreachable',
          final,
        })),
      );
    });

    it('completes a job that succeeds on a retry', async () => {
      const outcomes: string[] = [];
      runner.register('deliver-webhook', async (_data, meta) => {
        if (meta.attempt === 1) throw new Error('endpoint returned 503');
        outcomes.push(`delivered on attempt ${meta.attempt}`);
      });
      runner.onFailed((_name, _jobId, error, final) => outcomes.push(`${error.message}, final: ${final}`));
      await runner.start();

      await runner.enqueue('deliver-webhook', { eventId: 'evt_1' }, { backoffMs: 10 });

      await eventually(() => expect(outcomes).toEqual(['endpoint returned 503, final: false', 'delivered on attempt 2']));
    });

    it('adds a job only once while one with the same jobId is pending or running', async () => {
      const ran: string[] = [];
      const gate = deferred();
      runner.register<{ label: string }>('close-window', async ({ label }) => {
        ran.push(label);
        if (label === 'first') await gate.promise;
      });
      await runner.enqueue('close-window', { label: 'first' }, { jobId: 'w1' });
      await runner.enqueue('close-window', { label: 'twin while waiting' }, { jobId: 'w1' });
      await runner.start();
      await eventually(() => expect(ran).toEqual(['first']));

      await runner.enqueue('close-window', { label: 'twin while running' }, { jobId: 'w1' });
      gate.resolve();
      // One at a time: once this later job has run, any twin queued before it would have too.
      await runner.enqueue('close-window', { label: 'next window' }, { jobId: 'w2' });

      await eventually(() => expect(ran).toEqual(['first', 'next window']));
    });

    it('accepts a jobId again once its job has finished', async () => {
      const ran: string[] = [];
      runner.register<{ label: string }>('close-window', async ({ label }) => {
        ran.push(label);
      });
      await runner.start();
      await runner.enqueue('close-window', { label: 'first' }, { jobId: 'w1' });
      await eventually(() => expect(ran).toEqual(['first']));

      await runner.enqueue('close-window', { label: 'again' }, { jobId: 'w1' });

      await eventually(() => expect(ran).toEqual(['first', 'again']));
    });

    it('runs no more jobs of a name at once than its concurrency', async () => {
      let active = 0;
      let mostActive = 0;
      let done = 0;
      runner.register(
        'simulate',
        async () => {
          active += 1;
          mostActive = Math.max(mostActive, active);
          await sleep(30);
          active -= 1;
          done += 1;
        },
        { concurrency: 2 },
      );
      for (let n = 0; n < 6; n += 1) await runner.enqueue('simulate', { n });

      await runner.start();

      await eventually(() => expect(done).toBe(6));
      expect(mostActive).toBe(2);
    });

    it('fires a schedule repeatedly until it is unscheduled', async () => {
      const runs: Array<{ data: unknown; jobId: string }> = [];
      runner.register('close-region-window', async (data, meta) => {
        runs.push({ data, jobId: meta.jobId });
      });
      await runner.start();

      await runner.schedule('region:ecowas', 'close-region-window', { regionId: 'ecowas' }, 40);
      await eventually(() => expect(runs.length).toBeGreaterThanOrEqual(3));
      await runner.unschedule('region:ecowas');
      const runsWhenUnscheduled = runs.length;
      await sleep(300);

      // A run already under way may still finish; a live schedule would have fired about 7 more times.
      expect(runs.length).toBeLessThanOrEqual(runsWhenUnscheduled + 1);
      for (const run of runs) {
        expect(run.data).toEqual({ regionId: 'ecowas' });
        expect(run.jobId).toMatch(/^repeat:region:ecowas:\d+$/);
      }
    });

    it('replaces the data and cadence when a schedule is set again under the same id', async () => {
      const versions: unknown[] = [];
      runner.register<{ version: number }>('close-region-window', async ({ version }) => {
        versions.push(version);
      });
      await runner.start();

      await runner.schedule('region:sadc', 'close-region-window', { version: 1 }, 3_600_000);
      await eventually(() => expect(versions).toEqual([1]));
      await runner.schedule('region:sadc', 'close-region-window', { version: 2 }, 30);

      await eventually(() => expect(versions.filter((version) => version === 2).length).toBeGreaterThanOrEqual(2));
      expect(versions.filter((version) => version === 1)).toEqual([1]);
      await runner.unschedule('region:sadc');
    });

    it('waits for a running job when closing', async () => {
      let started = false;
      let finished = false;
      runner.register('export-report', async () => {
        started = true;
        await sleep(100);
        finished = true;
      });
      await runner.start();
      await runner.enqueue('export-report', {});
      await eventually(() => expect(started).toBe(true));

      await runner.close();

      expect(finished).toBe(true);
    });

    it('refuses new work once closed', async () => {
      await runner.close();

      await expect(runner.enqueue('export-report', {})).rejects.toThrow('closed');
    });
  });
}

/** Retries an assertion until it passes or a generous deadline runs out. */
export async function eventually(assertion: () => void, timeoutMs = 5_000): Promise<void> {
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
