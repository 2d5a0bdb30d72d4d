/**
 * API benchmark (`npm run bench:api`): payments accepted through the HTTP API against the same
 * server's no-op endpoint, measured in the same run with the same connections and duration, on
 * PostgreSQL + Redis and on the embedded default. The built service (`node dist/src/main.js`) runs in a
 * child process per mode, on a scratch database (PostgreSQL) or a temporary folder (embedded), both
 * removed afterwards. Prints a markdown table and writes it, with the command and the machine, into the
 * "API" section of docs/benchmarks.md. Timings belong here, never in tests.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { apiClient, listRegionPayments, must } from '../load-tests/lib/api';
import { type Machine, describeMachine } from '../load-tests/lib/machine';
import { type Check, ledgerChecks, reconcilePayments } from '../load-tests/lib/no-loss';
import { PaymentLog } from '../load-tests/lib/payment-log';
import { removeJobKeys, ScratchDatabase, Service, SERVICE_SCRIPT } from '../load-tests/lib/service-process';
import type { PhaseReport } from '../load-tests/lib/phase-recorder';
import { type Basket, crossBorderBaskets, loadRegion, loadTestRegion, paymentCall } from '../load-tests/lib/region';
import { type Flow, readJson, runPhase } from '../load-tests/lib/traffic';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs', 'benchmarks.md');
/** Linux counts process CPU time in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

type Mode = 'postgres' | 'embedded';

interface Options {
  /** Each level is measured on its own (a fresh service and database), the no-op and the payments alike. */
  connections: number[];
  durationSeconds: number;
  warmupSeconds: number;
  modes: Mode[];
  adminUrl: string;
  redisUrl: string;
  tracePayments: number;
  writeDocs: boolean;
  /** CORRIDOR_API_PROCESSES in PostgreSQL mode (the embedded database allows one). */
  apiProcesses: number;
}

/** CPU seconds used during a phase, by whom; `others` is everything else on the machine. */
interface CpuUse {
  capacitySeconds: number;
  service: number;
  database: number | null;
  loadGenerator: number;
  others: number;
  /**
   * The busiest service process's main thread (its event loop and the JavaScript it runs): seconds on a
   * CPU, and seconds it was ready to run but waited for one.
   */
  busiestEventLoop: ThreadTime;
}

interface ThreadTime {
  onCpu: number;
  waiting: number;
}

interface Measured {
  report: PhaseReport;
  cpu: CpuUse | null;
}

/** Per payment, from PostgreSQL's own counters and from the wire between the service and PostgreSQL. */
interface WritePath {
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
  /** Bytes of WAL, server-wide: the scratch database's writes, and anything else the server did meanwhile. */
  walBytes: number;
  trace: { payments: number; roundTrips: number; statements: number; sequentialP50Ms: number } | null;
}

interface ModeResult {
  mode: Mode;
  connections: number;
  health: Measured;
  payments: Measured;
  /** The no-op again right after the payments: the ratio uses both, so drift of a shared machine during the run shows and cancels. */
  healthAfter: Measured;
  peakRssMiB: number | null;
  writePath: WritePath | null;
  checks: Check[];
}

async function main(): Promise<void> {
  const options = readOptions();
  if (!existsSync(SERVICE_SCRIPT)) throw new Error(`${path.relative(process.cwd(), SERVICE_SCRIPT)} is missing: run npm run build first`);
  const machine = describeMachine();
  const startedAt = new Date();
  console.error(
    `API benchmark: ${options.connections.join(' and ')} connections, ${options.durationSeconds} s measured after ${options.warmupSeconds} s warm-up`,
  );
  const results: ModeResult[] = [];
  for (const mode of options.modes) {
    for (const [level, connections] of options.connections.entries()) {
      // The protocol trace does not depend on the load: once per mode is enough.
      results.push(await benchmarkMode(mode, connections, { ...options, tracePayments: level === 0 ? options.tracePayments : 0 }));
    }
  }
  const loadAfter = describeMachine().loadAverage;

  const section = renderSection(results, options, machine, loadAfter, startedAt);
  console.log(section);
  if (options.writeDocs) {
    await writeApiSection(section);
    console.error(`Written to the API section of ${path.relative(process.cwd(), DOCS)}`);
  }
  if (results.some((r) => r.checks.some((c) => !c.passed))) process.exitCode = 1;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      // Two loads, each endpoint measured at both. At 64 the payments' event loop still idles about a
      // seventh of the time while its two batches wait on PostgreSQL; at 128 batches are about twice as
      // large, the event loop is busy, and p99 is about half the 100 ms target: the service's capacity.
      connections: { type: 'string', default: '64,128' },
      duration: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '5' },
      modes: { type: 'string', default: 'postgres,embedded' },
      'admin-url': { type: 'string', default: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
      'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      'trace-payments': { type: 'string', default: '200' },
      'no-docs': { type: 'boolean', default: false },
      'api-processes': { type: 'string', default: '1' },
    },
  });
  const modes = values.modes.split(',').map((m) => m.trim());
  for (const mode of modes)
    if (mode !== 'postgres' && mode !== 'embedded') throw new Error(`--modes takes postgres and/or embedded, got "${mode}"`);
  const connections = values.connections.split(',').map((c) => Number(c.trim()));
  if (connections.some((c) => !Number.isInteger(c) || c < 1))
    throw new Error(`--connections takes positive whole numbers separated by commas, got "${values.connections}"`);
  return {
    connections,
    durationSeconds: Number(values.duration),
    warmupSeconds: Number(values.warmup),
    modes: modes as Mode[],
    adminUrl: values['admin-url'],
    redisUrl: values['redis-url'],
    tracePayments: Number(values['trace-payments']),
    writeDocs: !values['no-docs'],
    apiProcesses: Number(values['api-processes']),
  };
}

async function benchmarkMode(mode: Mode, connections: number, options: Options): Promise<ModeResult> {
  const suffix = randomBytes(4).toString('hex');
  const operatorKey = `sk_operator_bench_${randomBytes(12).toString('hex')}`;
  const database = mode === 'postgres' ? await ScratchDatabase.create(options.adminUrl, `corridor_bench_${suffix}`) : null;
  const dataDir = mode === 'embedded' ? await mkdtemp(path.join(tmpdir(), 'corridor-bench-')) : null;
  const jobsPrefix = `corridor-bench-${suffix}`;
  const env = {
    CORRIDOR_OPERATOR_KEY: operatorKey,
    // The service's per-key rate limit would measure the limiter, not the service.
    CORRIDOR_RATE_LIMIT_PER_SECOND: '0',
    ...(database
      ? {
          DATABASE_URL: database.url,
          REDIS_URL: options.redisUrl,
          CORRIDOR_JOBS_PREFIX: jobsPrefix,
          // Both cores: API processes in Node's cluster on one port (group commit batches within each).
          CORRIDOR_API_PROCESSES: String(options.apiProcesses),
        }
      : { CORRIDOR_DATA_DIR: dataDir! }),
  };
  let service: Service | null = null;
  try {
    service = await Service.start(env);
    console.error(`[${mode}] service ${service.pid} up at ${service.url}`);
    const api = apiClient(service.url, operatorKey);
    const region = await loadRegion(api, loadTestRegion(`api benchmark ${suffix}`));
    const baskets = crossBorderBaskets(region, 1000, 2030);
    const log = new PaymentLog(`bench-${suffix}`);
    const phase = {
      url: service.url,
      connections,
      timeoutSeconds: 30,
      progress: (line: string) => console.error(line),
    };
    const measure = async (label: string, flow: Flow<object>): Promise<Measured> => {
      if (options.warmupSeconds > 0)
        await runPhase(flow, { ...phase, label: `${mode} ×${connections} ${label} warm-up`, durationSeconds: options.warmupSeconds });
      const before = await cpuSnapshot(service!.pid, database);
      const report = await runPhase(flow, {
        ...phase,
        label: `${mode} ×${connections} ${label}`,
        durationSeconds: options.durationSeconds,
      });
      const after = await cpuSnapshot(service!.pid, database);
      return { report, cpu: before && after ? cpuUse(before, after) : null };
    };
    const health = await measure('GET /health', healthFlow());
    const statsBefore = database ? await database.stats() : null;
    const payments = await measure('POST /v1/payments', paymentFlow(baskets, log));
    const healthAfter = await measure('GET /health again', healthFlow());
    const peakRssMiB = peakRss(service.pid);
    const checks = [...reconcilePayments(log.all(), await listRegionPayments(api, region.id)), ...(await ledgerChecks(api))];
    await service.stop();
    service = null;

    let writePath: WritePath | null = null;
    if (database && statsBefore) {
      // Backends flush their statistics when they exit: read them once the service has stopped.
      const statsAfter = await database.stats();
      const accepted = log.all().filter((r) => r.creation !== 'rejected').length;
      const per = (after: number, before: number) => round((after - before) / Math.max(1, accepted));
      writePath = {
        transactions: per(statsAfter.commits, statsBefore.commits),
        rowsInserted: per(statsAfter.inserted, statsBefore.inserted),
        rowsUpdated: per(statsAfter.updated, statsBefore.updated),
        walBytes: per(statsAfter.walBytes, statsBefore.walBytes),
        trace: options.tracePayments > 0 ? await traceWritePath(database, env, options.tracePayments) : null,
      };
    }
    return { mode, connections, health, payments, healthAfter, peakRssMiB, writePath, checks };
  } finally {
    await service?.stop();
    await database?.drop();
    if (mode === 'postgres') await removeJobKeys(options.redisUrl, jobsPrefix);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

function healthFlow(): Flow<object> {
  return {
    steps: [{ operation: 'GET /health', call: () => ({ method: 'GET', path: '/health' }), answer: (status) => status === 200 }],
  };
}

function paymentFlow(baskets: Basket[], log: PaymentLog): Flow<{ reference?: string }> {
  let next = 0;
  return {
    steps: [
      {
        operation: 'POST /v1/payments',
        call(round) {
          const basket = baskets[next++ % baskets.length]!;
          round.reference = log.sendPayment();
          return paymentCall(basket, round.reference);
        },
        answer(status, body, round) {
          const payment = status === 201 ? readJson(body) : null;
          const id = typeof payment?.id === 'string' ? payment.id : null;
          log.paymentAnswered(round.reference!, id);
          return id !== null && payment?.status === 'captured';
        },
      },
    ],
  };
}

/**
 * The write path seen from the wire: the service is started again behind a proxy that counts the
 * messages it sends PostgreSQL, and takes payments one at a time. Every Sync or simple Query waits for
 * PostgreSQL's answer, so their count is the number of round trips; Execute and Query are statements.
 */
async function traceWritePath(database: ScratchDatabase, env: Record<string, string>, payments: number): Promise<WritePath['trace']> {
  const counter = await WireCounter.start(new URL(database.url));
  const url = new URL(database.url);
  url.host = `127.0.0.1:${counter.port}`;
  const service = await Service.start({ ...env, DATABASE_URL: url.toString() });
  try {
    const api = apiClient(service.url, env.CORRIDOR_OPERATOR_KEY!);
    const region = await loadRegion(api, loadTestRegion(`api benchmark trace ${randomBytes(4).toString('hex')}`));
    const traced = crossBorderBaskets(region, payments, 2031);
    const pay = async (basket: Basket, key: string) =>
      must(
        apiClient(service.url, basket.merchant.key).POST('/v1/payments', {
          params: { header: { 'Idempotency-Key': key } },
          body: { payer_participant_id: basket.payerParticipantId, amount: basket.amount, currency: basket.currency },
        }),
      );
    // Warm the pool and the service's caches before counting.
    for (const basket of traced.slice(0, 10)) await pay(basket, `trace-warm-${randomBytes(8).toString('hex')}`);
    const before = counter.snapshot();
    const latencies: number[] = [];
    for (const basket of traced) {
      const started = performance.now();
      await pay(basket, `trace-${randomBytes(8).toString('hex')}`);
      latencies.push(performance.now() - started);
    }
    const after = counter.snapshot();
    latencies.sort((a, b) => a - b);
    return {
      payments,
      roundTrips: round((after.roundTrips - before.roundTrips) / payments),
      statements: round((after.statements - before.statements) / payments),
      sequentialP50Ms: round(latencies[Math.floor(latencies.length / 2)]!),
    };
  } finally {
    await service.stop();
    await counter.close();
  }
}

/**
 * A TCP proxy to PostgreSQL that counts the frontend messages passing through: after the untyped
 * startup packet, each message is a type byte and a 32-bit length that includes itself.
 */
class WireCounter {
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly counts: { roundTrips: number; statements: number },
    private readonly sockets: Set<net.Socket>,
  ) {}

  static async start(target: URL): Promise<WireCounter> {
    const counts = { roundTrips: 0, statements: 0 };
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      let pending = Buffer.alloc(0);
      let startup = true;
      client.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          if (startup) {
            if (pending.length < 8) break;
            const length = pending.readInt32BE(0);
            if (pending.length < length) break;
            const code = pending.readInt32BE(4);
            // SSL and GSS encryption requests come before the real startup packet.
            startup = code === 80877103 || code === 80877104;
            pending = pending.subarray(length);
          } else {
            if (pending.length < 5) break;
            const length = pending.readInt32BE(1);
            if (pending.length < length + 1) break;
            const type = String.fromCharCode(pending[0]!);
            // Sync ends an extended-protocol exchange and a simple Query is one: each waits for the answer.
            if (type === 'S' || type === 'Q') counts.roundTrips += 1;
            if (type === 'E' || type === 'Q') counts.statements += 1;
            pending = pending.subarray(length + 1);
          }
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      const close = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new WireCounter(server, (server.address() as net.AddressInfo).port, counts, sockets);
  }

  snapshot(): { roundTrips: number; statements: number } {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface CpuSnapshot {
  machineBusy: number;
  machineTotal: number;
  service: number;
  /** Each service process's main thread (its task whose id is the process id). */
  mainThreads: Map<number, ThreadTime>;
  database: Map<number, number> | null;
  self: number;
}

/** CPU seconds so far, from /proc (Linux); null elsewhere. */
async function cpuSnapshot(servicePid: number, database: ScratchDatabase | null): Promise<CpuSnapshot | null> {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const busy = user + nice + system + irq + softirq + steal;
    const backends = database ? await database.backends() : null;
    const self = process.cpuUsage();
    const service = processTree(servicePid);
    return {
      machineBusy: busy / TICKS_PER_SECOND,
      machineTotal: (busy + idle + iowait) / TICKS_PER_SECOND,
      service: service.reduce((sum, pid) => sum + processCpu(pid), 0),
      mainThreads: new Map(service.map((pid) => [pid, mainThreadTime(pid)])),
      database: backends ? new Map(backends.map((pid) => [pid, processCpu(pid)])) : null,
      self: (self.user + self.system) / 1e6,
    };
  } catch {
    return null;
  }
}

function processCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** A process's main thread from the scheduler's own counters (`schedstat`: nanoseconds on a CPU, then waiting for one). */
function mainThreadTime(pid: number): ThreadTime {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number) as [number, number];
    return { onCpu: onCpu / 1e9, waiting: waiting / 1e9 };
  } catch {
    return { onCpu: 0, waiting: 0 };
  }
}

function cpuUse(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const service = after.service - before.service;
  const database =
    after.database && before.database
      ? [...after.database].reduce((sum, [pid, cpu]) => sum + cpu - (before.database!.get(pid) ?? 0), 0)
      : null;
  const loadGenerator = after.self - before.self;
  const busy = after.machineBusy - before.machineBusy;
  return {
    capacitySeconds: after.machineTotal - before.machineTotal,
    service,
    database,
    loadGenerator,
    others: Math.max(0, busy - service - (database ?? 0) - loadGenerator),
    busiestEventLoop: [...after.mainThreads]
      .map(([pid, time]) => {
        const start = before.mainThreads.get(pid) ?? time;
        return { onCpu: time.onCpu - start.onCpu, waiting: time.waiting - start.waiting };
      })
      .reduce((busiest, time) => (time.onCpu > busiest.onCpu ? time : busiest), { onCpu: 0, waiting: 0 }),
  };
}

/** The service's peak resident memory, summed over its processes (the API processes of a cluster and their supervisor). */
function peakRss(pid: number): number | null {
  let kib = 0;
  for (const member of processTree(pid)) {
    try {
      const line = readFileSync(`/proc/${member}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmHWM:'));
      if (line) kib += Number(line.replace(/\D+/g, ''));
    } catch {
      // ended meanwhile
    }
  }
  return kib > 0 ? Math.round(kib / 1024) : null;
}

/** `pid` and its child processes (a cluster's API processes), from /proc. */
function processTree(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return [pid, ...children];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

// ---- the report -----------------------------------------------------------------------------------

const TARGET_RATIO = 0.5;
/** Below this share of the machine used by other processes, a run counts as quiet. */
const QUIET_OTHERS_PERCENT = 5;
/** The service's default `DATABASE_POOL_SIZE`, which the benchmark leaves as it is. */
const POOL_SIZE = 10;
const TARGET_P99_MS = 100;

function renderSection(results: ModeResult[], options: Options, machine: Machine, loadAfter: number[], startedAt: Date): string {
  const number = (n: number) => n.toLocaleString('en', { maximumFractionDigits: n < 10 ? 2 : n < 100 ? 1 : 0 });
  // Of the phase's wall time: the machine's capacity is nproc CPU seconds per second.
  const wallShare = (seconds: number, cpu: CpuUse) => `${Math.round((100 * seconds * machine.nproc) / cpu.capacitySeconds)} %`;
  const share = (seconds: number | null, cpu: CpuUse | null) =>
    cpu && seconds !== null ? `${Math.round((100 * seconds) / cpu.capacitySeconds)} %` : 'n/a';
  const perRequest = (seconds: number | null, m: Measured) =>
    m.cpu && seconds !== null && m.report.answered > 0 ? number((1000 * seconds) / m.report.answered) : 'n/a';
  const noOpOf = (r: ModeResult) => (r.health.report.requestsPerSecond + r.healthAfter.report.requestsPerSecond) / 2;
  const ratioOf = (r: ModeResult) => r.payments.report.ok / r.payments.report.durationSeconds / noOpOf(r);
  const meets = (r: ModeResult) => ratioOf(r) >= TARGET_RATIO && r.payments.report.latency.p99 < TARGET_P99_MS;
  const others = results.flatMap((r) => [r.health.cpu, r.payments.cpu, r.healthAfter.cpu]).filter((c): c is CpuUse => c !== null);
  const othersRange = others.map((c) => Math.round((100 * c.others) / c.capacitySeconds));

  const lines: string[] = [];
  lines.push('## API', '');
  lines.push(
    'Payments accepted through the HTTP API against the same server\u2019s no-op endpoint (`GET /health`, which touches no database: the framework\u2019s own ceiling), measured by `bench/api.ts` in one run: the no-op before and again after the payments, and the ratio against the mean of the two, so that a shared machine slowing down or speeding up during the run shows in the two no-op rows instead of in the ratio.',
    '',
  );
  lines.push(
    `**Command:** \`npm run bench:api\` (\`node scripts/ensure-ready.mjs --build && node dist/bench/api.js\`; options \`--connections ${options.connections.join(',')} --duration ${options.durationSeconds} --warmup ${options.warmupSeconds} --modes ${options.modes.join(',')} --api-processes ${options.apiProcesses}\` are the defaults; \`--api-processes\` sets \`CORRIDOR_API_PROCESSES\` in PostgreSQL mode, while the embedded database is served by one process), run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
  );
  lines.push(`**Code:** ${codeRevision()}.`, '');
  lines.push(
    `**Machine:** ${machine.nproc} vCPUs (\`nproc\` = ${machine.nproc}), CPU model "${machine.cpuModel}", Node ${machine.node}, ${machine.platform}, ${machine.memoryGiB} GiB RAM. ` +
      'The load generator (autocannon, in the benchmark\u2019s process), the service, PostgreSQL and Redis share these CPUs. ' +
      `Load average ${machine.loadAverage.join(' / ')} before the run and ${loadAfter.join(' / ')} after it; ` +
      (othersRange.length === 0
        ? 'CPU use by other processes was not measured (no /proc).'
        : Math.max(...othersRange) <= QUIET_OTHERS_PERCENT
          ? `other processes used at most ${Math.max(...othersRange)} % of the machine while it measured (column "others"): a quiet run.`
          : `other processes (other engineers\u2019 tests and builds) used ${Math.min(...othersRange)}\u2013${Math.max(...othersRange)} % of the machine while it measured (column "others"), so these numbers are lower and noisier than a quiet machine\u2019s.`) +
      ' The machine is shared with other engineers\u2019 tests and builds, which take CPU from the service and the database: compare the "others" column before comparing two runs.',
    '',
  );
  lines.push('| target (DESIGN.md) | measured | verdict |', '| --- | --- | --- |');
  for (const r of results) {
    const p = r.payments.report;
    lines.push(
      `| ${r.mode === 'postgres' ? 'PostgreSQL' : 'embedded (PGlite)'} at ${r.connections} connections: payments \u2265 ${TARGET_RATIO * 100} % of the no-op throughput, p99 < ${TARGET_P99_MS} ms | ` +
        `${Math.round(ratioOf(r) * 100)} % (${number(p.ok / p.durationSeconds)} payments/s against ${number(noOpOf(r))} req/s), p99 ${number(p.latency.p99)} ms | ${meets(r) ? 'met' : 'not met'} |`,
    );
  }
  lines.push('');
  lines.push(
    `${options.durationSeconds} s measured after ${options.warmupSeconds} s of warm-up, for each endpoint in each mode at each load (connections kept busy by the load generator; each load on a fresh service and database):`,
    '',
  );
  lines.push(
    '| mode | connections | endpoint | accepted/s | p50 ms | p95 ms | p99 ms | errors | payments \u00f7 no-op | peak RSS MiB | CPU ms per request: service / database | CPU share: service / database / load generator / others | event loop: on a CPU / waiting for one |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  );
  for (const r of results) {
    for (const [endpoint, m] of [
      ['`GET /health`', r.health],
      ['`POST /v1/payments`', r.payments],
      ['`GET /health` again', r.healthAfter],
    ] as const) {
      const p = m.report;
      const isPayments = m === r.payments;
      lines.push(
        `| ${r.mode} | ${r.connections} | ${endpoint} | ${number(p.ok / p.durationSeconds)} | ${number(p.latency.p50)} | ${number(p.latency.p95)} | ${number(p.latency.p99)} | ${p.errors.total} | ` +
          `${isPayments ? `${Math.round(ratioOf(r) * 100)} %` : ''} | ${isPayments ? (r.peakRssMiB ?? 'n/a') : ''} | ` +
          `${perRequest(m.cpu?.service ?? null, m)} / ${r.mode === 'embedded' ? 'in the service' : perRequest(m.cpu?.database ?? null, m)} | ` +
          `${share(m.cpu?.service ?? null, m.cpu)} / ${r.mode === 'embedded' ? '\u2014' : share(m.cpu?.database ?? null, m.cpu)} / ${share(m.cpu?.loadGenerator ?? null, m.cpu)} / ${share(m.cpu?.others ?? null, m.cpu)} | ` +
          `${m.cpu ? `${wallShare(m.cpu.busiestEventLoop.onCpu, m.cpu)} / ${wallShare(m.cpu.busiestEventLoop.waiting, m.cpu)}` : 'n/a'} |`,
      );
    }
  }
  lines.push('');
  const failed = results.flatMap((r) =>
    r.checks.filter((c) => !c.passed).map((c) => `${r.mode} at ${r.connections} connections: ${c.name} (${c.detail})`),
  );
  lines.push(
    failed.length === 0
      ? 'After each payments phase the benchmark checks that nothing was lost (the same checks as the load tests): every acknowledged payment stored exactly once, the ledger verifies, balances sum to zero. All passed.'
      : `No-loss checks FAILED: ${failed.join('; ')}.`,
    '',
  );
  const postgresLevels = results.filter((r) => r.mode === 'postgres' && r.writePath !== null);
  const trace = postgresLevels.find((r) => r.writePath!.trace !== null)?.writePath!.trace ?? null;
  if (postgresLevels.length > 0) {
    lines.push('### What the payment write path costs', '');
    lines.push(
      `Measured on PostgreSQL in the same run: PostgreSQL\u2019s own counters for the scratch database over the payments phase (\`pg_stat_database\`, read after the service stopped, so every backend had flushed them)` +
        (trace
          ? `, and a second start of the service behind a proxy that counts the protocol messages it sends PostgreSQL while it takes ${trace.payments} payments one at a time.`
          : '.'),
      '',
    );
    for (const r of postgresLevels) {
      const w = r.writePath!;
      lines.push(
        `- **At ${r.connections} connections: ${number(w.transactions)} transactions committed per payment** (\`xact_commit\`, which also counts each statement run outside an explicit transaction), inserting ${number(w.rowsInserted)} rows and updating ${number(w.rowsUpdated)}, with ${number(w.walBytes / 1024)} KiB of WAL (\`pg_stat_wal\`, which counts the whole server).`,
      );
    }
    if (trace) {
      lines.push(
        `- **${number(trace.roundTrips)} round trips to PostgreSQL per payment** (${number(trace.statements)} statements), each waiting for the one before: one payment at a time takes ${number(trace.sequentialP50Ms)} ms (median), so a connection carries at most about ${number(1000 / trace.sequentialP50Ms)} payments/s, and the pool of ${POOL_SIZE} about ${number((POOL_SIZE * 1000) / trace.sequentialP50Ms)}/s if each payment had its own transaction and CPU were free. Under load, group commit writes many payments per transaction, so the statements and commits per payment fall with the batch size (the lines above).`,
      );
    }
    for (const r of postgresLevels) {
      const payments = r.payments;
      const serviceMs = payments.cpu && payments.report.answered > 0 ? (1000 * payments.cpu.service) / payments.report.answered : null;
      if (serviceMs === null) continue;
      const ceiling = 1000 / serviceMs;
      const reached = payments.report.ok / payments.report.durationSeconds;
      lines.push(
        `- **CPU at ${r.connections} connections:** the service spends ${number(serviceMs)} ms of CPU per payment against ${perRequest(r.health.cpu?.service ?? null, r.health)} ms per no-op request, and PostgreSQL ${perRequest(payments.cpu?.database ?? null, payments)} ms. ` +
          `${number(serviceMs)} ms per payment is about ${number(ceiling)} payments/s per core, and it reached ${number(reached)}/s ` +
          `with its ${options.apiProcesses} API processes using ${share(payments.cpu?.service ?? null, payments.cpu)} of the machine (main threads plus garbage collection and I/O threads)` +
          (reached >= 0.75 * ceiling ? ': the service\u2019s own CPU per payment is the first limit, before PostgreSQL.' : '.'),
      );
      const whole = machineCeiling(payments, machine.nproc);
      if (whole !== null) {
        lines.push(
          `- **The machine\u2019s ceiling at ${r.connections} connections:** the service, PostgreSQL and the load generator together spend ${number(whole.msPerPayment)} ms of CPU per payment, so the ${machine.nproc} CPUs could take at most ${number(whole.paymentsPerSecond)} payments/s with every CPU busy all the time \u2014 ${Math.round((100 * whole.paymentsPerSecond) / noOpOf(r))} % of this run\u2019s no-op throughput. ` +
            'A share of the no-op above that is out of reach on this machine however the work is spread over threads or processes; only less CPU per payment raises it.',
        );
      }
    }
    lines.push(
      '',
      'Payments are written by group commit (`src/modules/shared/group-commit.ts`, `PaymentCreationBatch`): the requests that arrive while a batch is being written go together in the next one, which costs two statements on the database driver whatever its size — one read of the idempotency records, quotes, test clocks, open windows and suspensions the batch needs, and one `WITH` of multi-row inserts (obligations, payments, outbox events, idempotency records) that share-locks the open windows and commits the batch (immutable reference data is kept per process) — or only the insert, checking that nothing changed, once the process has read the batch\u2019s regions. Its effect is the commits per payment (the transactions lines: below one when requests share statements, and fewer at the higher load, whose batches are larger); a payment alone pays its batch\u2019s two round trips (the round-trips line). What stands between these numbers and the target is the CPU a payment costs against a no-op request: the service\u2019s on its one event loop (the CPU lines; profile as the history below says, with `perf` and `CORRIDOR_SERVICE_NODE_ARGS=--perf-prof`), and PostgreSQL\u2019s own, of the same order (24 index entries, six foreign-key checks and the payment\u2019s JSON read into `jsonb` once, in its outbox event: the history below, session 10, says how they split); the "others" column says how much of the machine other work took meanwhile. The ceiling lines add the two CPUs\u2019 limit: on this machine the service, PostgreSQL and the load generator share two CPUs, so whatever the number of API processes or threads, payments/s cannot pass the CPUs divided by their CPU per payment, while the no-op is held by one event loop. When that ceiling is under half the no-op, the target needs less CPU per payment, not more parallelism.',
      '',
    );
  }
  lines.push(
    'How it measures: each mode starts `node dist/src/main.js` in a child process (PostgreSQL + Redis: a scratch database on 127.0.0.1:5432, dropped afterwards, and a BullMQ key prefix of its own; embedded: a temporary data folder) with the rate limit off, loads a region of four central banks through the API, then runs autocannon against `GET /health`, then `POST /v1/payments` (priced on the spot, automatic capture, a fresh `Idempotency-Key` per request), then `GET /health` again. "accepted/s" counts 201 answers with status `captured` (for `/health`, 200s). Peak RSS is the service\u2019s `VmHWM`, summed over its processes. CPU comes from `/proc`: the service\u2019s processes, the scratch database\u2019s backends, the benchmark process itself (the load generator), and everything else on the machine ("others"). "event loop" is the busiest service process\u2019s main thread (its event loop and all the JavaScript it runs), from the scheduler\u2019s counters (`/proc/<pid>/task/<pid>/schedstat`), as shares of the phase\u2019s wall time: on a CPU, and ready to run but waiting for a CPU that other work held. Their sum is near 100 % when the event loop is the limit; the rest is time it had nothing to do (a payment waiting for its batch\u2019s commit, say).',
  );
  return lines.join('\n');
}

/**
 * What the whole machine could carry if every CPU were busy all the time: all the CPU the payments phase
 * used on the service, PostgreSQL and the load generator (everything on this machine that a payment
 * makes work for), per payment, against the machine's CPUs. Other work on the machine is left out.
 */
function machineCeiling(payments: Measured, cpus: number): { msPerPayment: number; paymentsPerSecond: number } | null {
  const { cpu, report } = payments;
  if (cpu === null || cpu.database === null || report.answered === 0) return null;
  const msPerPayment = (1000 * (cpu.service + cpu.database + cpu.loadGenerator)) / report.answered;
  return { msPerPayment, paymentsPerSecond: (cpus * 1000) / msPerPayment };
}

/** The commit measured, and whether the working tree had changes on top of it. */
function codeRevision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain').length > 0 ? `commit ${commit} with uncommitted changes in the working tree` : `commit ${commit}`;
  } catch {
    return 'not a git checkout';
  }
}

/**
 * Replaces the "## API" section of docs/benchmarks.md (or appends it), leaving the others as they are,
 * and formats the page as `npm run format` would, so the check stays green.
 */
async function writeApiSection(section: string): Promise<void> {
  const text = await readFile(DOCS, 'utf8');
  const start = text.search(/^## API$/m);
  let updated: string;
  if (start === -1) {
    updated = `${text.trimEnd()}\n\n${section}\n`;
  } else {
    const rest = text.slice(start + '## API'.length);
    const next = rest.search(/^## /m);
    updated = `${text.slice(0, start)}${section}\n${next === -1 ? '' : `\n${rest.slice(next)}`}`;
  }
  const config = (await resolveConfig(DOCS)) ?? {};
  await writeFile(DOCS, await format(updated, { ...config, filepath: DOCS }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
