/**
 * The database's half of the write-path benchmark (`npm run bench:write-path -- --database`): the same
 * batches written for real into a scratch PostgreSQL database holding the benchmark's region, by the
 * service's own `PaymentCreationBatch` on the service's own connection (`openDatabase`: migrations, one
 * pool, named statements). It reports what the PostgreSQL backend spent per payment (its main thread's
 * time on a CPU, from the scheduler's counters) and, for one batch of 64, where the insert statement's
 * time goes (`EXPLAIN ANALYZE`: each table's insert and each foreign-key trigger).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/adapters/prisma/database';
import type { CreatePaymentCommand } from '../src/modules/payments/commands/create-payment/create-payment.command';
import { PaymentCreationBatch } from '../src/modules/payments/commands/create-payment/payment-creation-batch';
import { QuotePricer } from '../src/modules/quotes/quote-pricer';
import type { ObligationRecorder } from '../src/modules/settlement/obligation-recorder';
import type { SqlClient } from '../src/modules/shared/persistence';
import { ScratchDatabase } from '../load-tests/lib/service-process';

/**
 * The reference rows the in-memory half answers with (`referenceRows` in `bench/write-path.ts`), written
 * into the scratch database, so both halves price and write against the same region.
 */
export interface BenchReference {
  region: {
    id: string;
    settlementAsset: string;
    fxSpreadBps: { toString(): string };
    feeBps: { toString(): string };
    fxRates: readonly { currency: string; rate: { toString(): string } }[];
  };
  participants: readonly { id: string; regionId: string; centralBankId: string; centralBank: { currency: string } }[];
  merchants: readonly { id: string; regionId: string; participantId: string }[];
}

/** One `EXPLAIN (ANALYZE, FORMAT JSON)` node, as far as this report reads it. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
}

interface ExplainResult {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
  Triggers?: { 'Constraint Name'?: string; 'Trigger Name': string; Relation: string; Time: number; Calls: number }[];
}

const BATCH_SIZES = [10, 64] as const;

export async function measureDatabase(
  adminUrl: string,
  total: number,
  reference: BenchReference,
  windowId: string,
  commands: (size: number) => CreatePaymentCommand[],
): Promise<void> {
  const scratch = await ScratchDatabase.create(adminUrl, `corridor_write_path_${randomUUID().slice(0, 8)}`);
  try {
    // One connection: the backend measured is the one that runs every statement.
    const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 1 });
    try {
      await insertRegion(database.sql, reference, windowId);
      const explained: ExplainResult[] = [];
      let explainNext = false;
      const sql: SqlClient = {
        async query<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
          if (!explainNext || !text.includes('payments_written')) return database.sql.query<Row>(text, params);
          explainNext = false;
          // EXPLAIN ANALYZE runs the insert too, so the batch's rows are written as in any other batch.
          const [row] = await database.sql.query<{ 'QUERY PLAN': ExplainResult[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params);
          explained.push(row!['QUERY PLAN'][0]!);
          return [{ ok: true }] as Row[];
        },
      };
      const batch = new PaymentCreationBatch(database.prisma, sql, new QuotePricer(), null as unknown as ObligationRecorder);
      const [backendRow] = await database.sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', []);
      const pid = backendRow!.pid;

      console.log(
        `\nThe same batches written into PostgreSQL (a scratch database; ${total.toLocaleString('en')} payments per batch size)\n`,
      );
      console.log('| payments per batch | PostgreSQL CPU µs per payment | service CPU µs per payment | ms per batch, wall |');
      console.log('| ---: | ---: | ---: | ---: |');
      let written = 0;
      for (const size of BATCH_SIZES) {
        const rounds = Math.ceil(total / size);
        const prepared = Array.from({ length: rounds }, () => commands(size));
        for (let r = 0; r < Math.min(rounds, 200); r += 1) await batch.write(commands(size));
        written += Math.min(rounds, 200) * size;
        const backendBefore = backendCpuSeconds(pid);
        const cpuBefore = process.cpuUsage();
        const wallBefore = performance.now();
        for (const round of prepared) {
          const outcomes = await batch.write(round);
          if (!outcomes[0]!.ok) throw outcomes[0]!.error;
        }
        const wall = performance.now() - wallBefore;
        const cpu = process.cpuUsage(cpuBefore);
        const backend = backendCpuSeconds(pid) - backendBefore;
        const payments = rounds * size;
        written += payments;
        console.log(
          `| ${size} | ${((backend * 1e6) / payments).toFixed(1)} | ${((cpu.user + cpu.system) / payments).toFixed(1)} | ${(wall / rounds).toFixed(2)} |`,
        );
      }
      explainNext = true;
      const outcomes = await batch.write(commands(64));
      if (!outcomes[0]!.ok) throw outcomes[0]!.error;
      written += 64;
      const [stored] = await scratch.query<{ count: string }>('SELECT count(*) AS count FROM payments');
      const count = Number(stored!.count);
      if (count !== written) throw new Error(`${written} payments written, but the database holds ${count}`);
      const [plan] = explained;
      if (plan === undefined) throw new Error('The explained batch never reached its insert statement (it took the locking path).');
      printBreakdown(plan);
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
}

/** The region's rows, one central bank per participant as in the reference rows, and its one open window, on the benchmark's own connection. */
async function insertRegion(sql: SqlClient, { region, participants, merchants }: BenchReference, windowId: string): Promise<void> {
  await sql.query('INSERT INTO regions (id, name, settlement_asset, fx_spread_bps, fee_bps) VALUES ($1, $2, $3, $4, $5)', [
    region.id,
    'Write-path benchmark',
    region.settlementAsset,
    region.fxSpreadBps.toString(),
    region.feeBps.toString(),
  ]);
  for (const [i, p] of participants.entries()) {
    // Balances and caps large enough never to matter: the region's rule needs no liquidity checks.
    await sql.query(
      `INSERT INTO central_banks (id, region_id, code, name, country, currency, prefunded_balance, net_debit_cap)
       VALUES ($1, $2, $3, $4, $5, $6, 1e12, 1e12)`,
      [p.centralBankId, p.regionId, `CB${i}`, `Central bank ${i}`, `X${i}`, p.centralBank.currency],
    );
    await sql.query('INSERT INTO participants (id, region_id, central_bank_id, code, name, kind) VALUES ($1, $2, $3, $4, $5, $6)', [
      p.id,
      p.regionId,
      p.centralBankId,
      `P${i}`,
      `Participant ${i}`,
      'bank',
    ]);
  }
  for (const [i, m] of merchants.entries()) {
    await sql.query('INSERT INTO merchants (id, region_id, participant_id, code, name) VALUES ($1, $2, $3, $4, $5)', [
      m.id,
      m.regionId,
      m.participantId,
      `M${i}`,
      `Merchant ${i}`,
    ]);
  }
  for (const { currency, rate } of region.fxRates) {
    await sql.query('INSERT INTO fx_rates (region_id, currency, rate) VALUES ($1, $2, $3)', [region.id, currency, rate.toString()]);
  }
  await sql.query("INSERT INTO settlement_windows (id, region_id, number, status) VALUES ($1, $2, 1, 'open')", [windowId, region.id]);
}

/** Seconds a backend's (single-threaded) process spent on a CPU, from `/proc/<pid>/schedstat` (nanoseconds). */
function backendCpuSeconds(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
}

function printBreakdown(result: ExplainResult): void {
  const inserts: { table: string; ms: number }[] = [];
  const visit = (node: PlanNode) => {
    if (node['Node Type'] === 'ModifyTable' && node['Relation Name']) {
      // A scan of another CTE (the gate, or the events the dispatch queue takes) ran that CTE: its time is counted there.
      const cteScans = (node.Plans ?? []).filter((child) => child['Node Type'] === 'CTE Scan');
      const own = (node['Actual Total Time'] ?? 0) - cteScans.reduce((sum, child) => sum + (child['Actual Total Time'] ?? 0), 0);
      inserts.push({ table: node['Relation Name'], ms: own });
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(result.Plan);
  const triggers = result.Triggers ?? [];
  const triggerMs = triggers.reduce((sum, t) => sum + t.Time, 0);
  const execution = result['Execution Time'];
  console.log(
    `\nOne batch of 64 payments, \`EXPLAIN (ANALYZE, FORMAT JSON)\` of its insert statement: ${execution.toFixed(1)} ms executing, ${result['Planning Time'].toFixed(1)} ms planning (a named statement's generic plan skips it)\n`,
  );
  console.log('| part | ms | share of execution |');
  console.log('| --- | ---: | ---: |');
  const share = (ms: number) => `${((100 * ms) / execution).toFixed(0)} %`;
  // An insert's time includes the rows it reads (the JSON recordset) but not its foreign-key triggers, which run after it.
  for (const { table, ms } of inserts) console.log(`| insert into ${table} | ${ms.toFixed(2)} | ${share(ms)} |`);
  for (const t of triggers)
    console.log(
      `| foreign key ${t['Constraint Name'] ?? t['Trigger Name']} (${t.Calls} checks) | ${t.Time.toFixed(2)} | ${share(t.Time)} |`,
    );
  console.log(`| all foreign-key checks | ${triggerMs.toFixed(2)} | ${share(triggerMs)} |`);
}
