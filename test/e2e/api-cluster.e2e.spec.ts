import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import type { Schemas } from '../../src/adapters/http/openapi-document';
import { PROJECT_ROOT, removeJobKeys, ScratchDatabase, Service } from '../../load-tests/lib/service-process';
import { threePartyRegion } from '../support/regions';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Process ids whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The parent pid is the 4th field, after the command name in parentheses (which may hold spaces).
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}

/**
 * CORRIDOR_API_PROCESSES=2 on PostgreSQL and Redis: two processes serve the API on one port, and the
 * job workers (settlement, webhooks) run in exactly one of them.
 */
describe('API cluster (real processes, PostgreSQL + Redis)', () => {
  const suffix = randomBytes(4).toString('hex');
  const operatorKey = `sk_operator_cluster_${randomBytes(12).toString('hex')}`;
  const jobsPrefix = `corridor-cluster-${suffix}`;
  let database: ScratchDatabase;
  let service: Service;

  beforeAll(async () => {
    // CI runs the tests on a fresh clone: build the service this test spawns (incremental when up to date).
    execFileSync(process.execPath, ['scripts/ensure-ready.mjs', '--build'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    database = await ScratchDatabase.create(ADMIN_URL, `corridor_cluster_${suffix}`);
    service = await Service.start({
      DATABASE_URL: database.url,
      REDIS_URL,
      CORRIDOR_JOBS_PREFIX: jobsPrefix,
      CORRIDOR_OPERATOR_KEY: operatorKey,
      CORRIDOR_RATE_LIMIT_PER_SECOND: '0',
      CORRIDOR_API_PROCESSES: '2',
    });
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
    await removeJobKeys(REDIS_URL, jobsPrefix);
  });

  const post = (path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('serves payments from two processes, with one settlement worker between them', async () => {
    const region = (await (await post('/v1/regions', operatorKey, threePartyRegion())).json()) as Schemas['RegionLoadResult'];
    const shop = region.api_keys.find((k) => k.subject_code === 'A-SHOP')!.key;
    const payer = region.participants.find((p) => p.code === 'C-BANK')!.id;

    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post(
          '/v1/payments',
          shop,
          { payer_participant_id: payer, amount: `${i + 1}.00`, currency: 'KES' },
          { 'Idempotency-Key': `cluster-${suffix}-${i}` },
        ),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(40).fill(201));

    // Two API processes under the supervising one, each with its own connections to the database.
    const workers = childrenOf(service.pid);
    expect(workers).toHaveLength(2);
    const names = await database.query<{ application_name: string }>(
      'SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database()',
    );
    expect(workers.map((pid) => names.some((n) => n.application_name === `corridor pid ${pid}`))).toEqual([true, true]);

    // One worker per job queue, not one per process.
    for (const job of ['settlement.close-open-window', 'settlement.resume-window', 'webhooks.dispatch']) {
      const queue = new Queue(`corridor.${job}`, { connection: { url: REDIS_URL }, prefix: jobsPrefix });
      try {
        expect([job, (await queue.getWorkers()).length]).toEqual([job, 1]);
      } finally {
        await queue.close();
      }
    }

    // Every acknowledged payment is stored once, whichever process took it.
    const stored = await database.query<{ count: string }>('SELECT count(*) AS count FROM payments');
    expect(Number(stored[0]!.count)).toBe(40);
  }, 120_000);
});
