import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { SETTLEMENT_CRASH_POINTS, type SettlementCrashPoint } from '../../src/config/app-config';
import { apiClient, type CorridorClient, listRegionPayments, must, type Schemas } from '../../load-tests/lib/api';
import { PROJECT_ROOT, removeJobKeys, ScratchDatabase, Service } from '../../load-tests/lib/service-process';
import { threePartyRegion } from '../support/regions';

/**
 * Crash safety with real processes (DESIGN invariant 3): the built service runs on PostgreSQL and BullMQ
 * on Redis, and a test hook (CORRIDOR_CRASH_AFTER_STEP) makes it SIGKILL itself at one point of a window
 * close — inside each step's transaction before it commits, and right after it commits. A restart without
 * the hook resumes the window at start-up, and the result must be exactly what an uninterrupted run of
 * the same workload gives: window fields, net positions, payment statuses, balances, journal entries, and
 * a ledger that verifies. Two processes closing one window at once must settle it once.
 *
 * To keep the time down, every crash runs in its own region of one scratch database, each with its own
 * short-lived process (workers off, so none resumes another's window and meets its own hook); one process
 * with workers then resumes them all at start-up, as after a power cut.
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * USD legs between the three parties (exchange rates are round: KES 100, GHS 10, NGN 1000 per USD). C
 * pays more than it receives and more than its 5 USD prefunded, so the close unwinds C's payments.
 */
const FLOWS: [from: 'A' | 'B' | 'C', to: 'A' | 'B' | 'C'][] = [
  ['A', 'B'],
  ['B', 'C'],
  ['C', 'A'],
  ['A', 'C'],
  ['C', 'B'],
  ['B', 'A'],
  ['C', 'A'],
];
const CURRENCY = { A: 'KES', B: 'GHS', C: 'NGN' } as const;
const PER_USD = { A: 100, B: 10, C: 1000 } as const;
const PAYMENTS = 21;

/** The window's status a crash at each point leaves in the database. */
const STATUS_AFTER_CRASH: Record<SettlementCrashPoint, string> = {
  'closing-before-commit': 'open',
  closing: 'closing',
  'closed-before-commit': 'closing',
  closed: 'closed',
  'settling-before-commit': 'closed',
  settling: 'settling',
  'settled-before-commit': 'settling',
  settled: 'settled',
};

interface Region {
  id: string;
  windowId: string;
  /** Ids of central banks and participants → their codes, to compare runs that have different ids. */
  codes: Map<string, string>;
}

describe('settlement crash recovery (real processes, PostgreSQL + Redis)', () => {
  const suffix = randomBytes(4).toString('hex');
  const operatorKey = `sk_operator_crash_${randomBytes(12).toString('hex')}`;
  const jobsPrefix = `corridor-crash-${suffix}`;
  let database: ScratchDatabase;
  let env: Record<string, string>;
  const services: Service[] = [];
  const crashed = new Map<SettlementCrashPoint, Region>();
  let baseline: Awaited<ReturnType<typeof snapshot>>;
  /** The process that resumed the crashed windows, still running for the two-closer test. */
  let resumer: Service;

  beforeAll(async () => {
    // CI runs the tests on a fresh clone: build the service this test spawns (incremental when up to date).
    execFileSync(process.execPath, ['scripts/ensure-ready.mjs', '--build'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    database = await ScratchDatabase.create(ADMIN_URL, `corridor_crash_${suffix}`);
    env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      CORRIDOR_JOBS_PREFIX: jobsPrefix,
      CORRIDOR_OPERATOR_KEY: operatorKey,
      CORRIDOR_RATE_LIMIT_PER_SECOND: '0',
    };
  }, 300_000);

  afterAll(async () => {
    for (const service of services) await service.stop();
    await database?.drop();
    await removeJobKeys(REDIS_URL, jobsPrefix);
  });

  async function start(extra: Record<string, string> = {}): Promise<Service> {
    const service = await Service.start({ ...env, ...extra });
    services.push(service);
    return service;
  }

  it('dies by SIGKILL at each step of a close, before and after its commit', async () => {
    const crash = async (point: SettlementCrashPoint) => {
      const service = await start({ CORRIDOR_CRASH_AFTER_STEP: point, CORRIDOR_WORKERS: 'false' });
      const region = await loadAndPay(service.url, `crash at ${point} ${suffix}`);
      const close = apiClient(service.url, operatorKey).POST('/v1/settlement-windows/{window_id}/close', {
        params: { path: { window_id: region.windowId } },
      });
      await expect(close).rejects.toThrow();
      expect([point, await service.exited]).toEqual([point, { code: null, signal: 'SIGKILL' }]);
      // It died where the hook says: a step's writes are gone with its transaction, or kept by its commit.
      const [stored] = await database.query<{ status: string }>('SELECT status FROM settlement_windows WHERE id = $1', [region.windowId]);
      expect([point, stored?.status]).toEqual([point, STATUS_AFTER_CRASH[point]]);
      crashed.set(point, region);
    };
    for (const point of SETTLEMENT_CRASH_POINTS) await crash(point);
    expect(crashed.size).toBe(SETTLEMENT_CRASH_POINTS.length);
  }, 120_000);

  it('resumes every interrupted window at restart and ends exactly as an uninterrupted run', async () => {
    const service = (resumer = await start());
    const operator = apiClient(service.url, operatorKey);
    const uninterrupted = await loadAndPay(service.url, `uninterrupted ${suffix}`);
    const closed = await must(
      operator.POST('/v1/settlement-windows/{window_id}/close', { params: { path: { window_id: uninterrupted.windowId } } }),
    );
    expect(closed.status).toBe('settled');
    baseline = await snapshot(operator, uninterrupted);
    // The workload exercises every outcome: settled, unwound for a shortfall, forced to fail, refunded.
    expect(new Set(Object.values(baseline.payments).map((p) => p.status))).toEqual(new Set(['settled', 'failed']));
    expect(baseline.window.unwound).toBeGreaterThan(1);

    for (const [point, region] of crashed) {
      const window = await settledWindow(operator, region);
      expect([point, window.status]).toEqual([point, 'settled']);
      expect([point, await snapshot(operator, region)]).toEqual([point, baseline]);
    }
    const ledger = await must(operator.GET('/v1/ledger/verify'));
    expect(ledger).toMatchObject({ ok: true, first_invalid: null });
  }, 120_000);

  it('settles a window once when two processes close it at the same moment', async () => {
    const other = await start({ CORRIDOR_WORKERS: 'false' });
    const first = resumer;
    const region = await loadAndPay(first.url, `two closers ${suffix}`);
    const path = { params: { path: { window_id: region.windowId } } };
    const answers = await Promise.all(
      [first, other, first, other].map((service) =>
        apiClient(service.url, operatorKey).POST('/v1/settlement-windows/{window_id}/close', path),
      ),
    );
    // Each closer saw it through to settled, or found it already settled.
    for (const answer of answers) expect([200, 409]).toContain(answer.response.status);
    expect(await snapshot(apiClient(other.url, operatorKey), region)).toEqual(baseline);
  }, 90_000);

  /** Loads a region, pays the workload into its first window; the same amounts and references every time. */
  async function loadAndPay(url: string, name: string): Promise<Region> {
    const operator = apiClient(url, operatorKey);
    const loaded = await must(operator.POST('/v1/regions', { body: { ...threePartyRegion({ A: '60.00', B: '20.00', C: '5.00' }), name } }));
    const keyPrefix = name.replace(/\W+/g, '-');
    const keyOf = (code: string) => loaded.api_keys.find((k) => k.subject_code === code)!.key;
    const participantOf = (code: string) => loaded.participants.find((p) => p.code === `${code}-BANK`)!.id;
    const pay = async (from: 'A' | 'B' | 'C', to: 'A' | 'B' | 'C', usd: number, reference: string) =>
      must(
        apiClient(url, keyOf(`${to}-SHOP`)).POST('/v1/payments', {
          params: { header: { 'Idempotency-Key': `${keyPrefix}-${reference}` } },
          body: { payer_participant_id: participantOf(from), amount: (usd * PER_USD[to]).toFixed(2), currency: CURRENCY[to], reference },
        }),
      );
    const payments = [];
    for (let i = 0; i < PAYMENTS; i += 1) {
      const [from, to] = FLOWS[i % FLOWS.length]!;
      payments.push(await pay(from, to, 3 + ((i * 7) % 11), `order-${i}`));
    }
    await pay('A', 'B', 4, 'force_settlement_unwound');
    const refunded = payments[1]!;
    await must(
      apiClient(url, keyOf('C-SHOP')).POST('/v1/payments/{payment_id}/refunds', {
        params: { path: { payment_id: refunded.id }, header: { 'Idempotency-Key': `${keyPrefix}-refund` } },
        body: { amount: (Number(refunded.amount) / 2).toFixed(2), reason: 'Half the order' },
      }),
    );
    const codes = new Map<string, string>([
      ...loaded.central_banks.map((b) => [b.id, b.code] as [string, string]),
      ...loaded.participants.map((p) => [p.id, p.code] as [string, string]),
    ]);
    return { id: loaded.region.id, windowId: loaded.settlement_window.id, codes };
  }

  /** The window once resumed at start-up; a crash before the close's first commit left it open: close it. */
  async function settledWindow(operator: CorridorClient, region: Region): Promise<Schemas['SettlementWindow']> {
    const path = { params: { path: { window_id: region.windowId } } };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const window = await must(operator.GET('/v1/settlement-windows/{window_id}', path));
      if (window.status === 'open') return must(operator.POST('/v1/settlement-windows/{window_id}/close', path));
      if (window.status === 'settled' || window.status === 'failed' || Date.now() > deadline) return window;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** What a run ends with, in terms that do not depend on its ids or timing. */
  async function snapshot(operator: CorridorClient, region: Region) {
    const { codes } = region;
    const path = { params: { path: { window_id: region.windowId } } };
    const window = await must(operator.GET('/v1/settlement-windows/{window_id}', path));
    const positions = await must(operator.GET('/v1/settlement-windows/{window_id}/positions', path));
    const payments = await listRegionPayments(operator, region.id);
    const banks = await must(operator.GET('/v1/central-banks', { params: { query: { region_id: region.id } } }));
    const windows = await must(operator.GET('/v1/settlement-windows', { params: { query: { region_id: region.id } } }));
    const referenceOf = new Map(payments.map((p) => [p.id, p.reference ?? p.id]));
    const entries = await database.query<{ id: string; kind: string; postings: { account: string; currency: string; amount: string }[] }>(
      `SELECT e.id, e.kind, json_agg(json_build_object('account', p.account, 'currency', p.currency, 'amount', p.amount::text) ORDER BY p.line) AS postings
         FROM journal_entries e JOIN postings p ON p.entry_sequence = e.sequence
        WHERE e.reference = $1 GROUP BY e.id, e.kind ORDER BY e.id`,
      [region.windowId],
    );
    const byCode = (text: string) =>
      text
        .replace(/\b(cb|par)_[0-9A-Z]+\b/g, (id) => codes.get(id) ?? id)
        .replaceAll(region.windowId, 'WINDOW')
        .replaceAll(region.id, 'REGION');
    return {
      window: {
        status: window.status,
        // The label names the rule's cycle, which follows from how long the window happened to stay open.
        settlement_rule: window.settlement_rule?.replace(/every [^,)]+/, 'every …'),
        obligation_count: window.obligation_count,
        totals: window.totals,
        unwound: window.unwound_payment_ids.length,
        unwound_references: window.unwound_payment_ids.map((id) => referenceOf.get(id)).sort(),
        carried_over: window.carried_over_payment_ids.length,
      },
      windows: windows.data.map((w) => `${w.number}:${w.status}`),
      regional: positions.central_banks.map((p) => `${p.central_bank_code} ${p.sent} ${p.received} ${p.net}`).sort(),
      domestic: positions.participants.map((p) => `${byCode(p.participant_id)} ${p.currency} ${p.sent} ${p.received} ${p.net}`).sort(),
      payments: Object.fromEntries(
        payments.map((p) => [
          p.reference ?? p.id,
          { status: p.status, amount: p.amount, refunded: p.amount_refunded, failure: p.failure?.code ?? null },
        ]),
      ),
      balances: Object.fromEntries(banks.data.map((b) => [b.code, b.prefunded_balance])),
      journal: entries.map((e) => ({
        id: byCode(e.id),
        kind: e.kind,
        postings: e.postings.map((p) => byCode(`${p.account} ${p.currency} ${p.amount}`)),
      })),
    };
  }
});
