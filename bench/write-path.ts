/**
 * Write-path benchmark (`npm run bench:write-path`): the CPU a payment batch spends in the service
 * itself — reading its context's answer, pricing, building payments, obligations and events, and
 * encoding the one insert statement, down to the driver's Bind message — with the database replaced by
 * canned answers. `bench:api`
 * measures the whole service, but on a shared 2-core machine its numbers move by ±25 % from run to run;
 * this one isolates the part group commit adds per payment, steadily enough to compare two commits.
 * With `--database`, the same batches are then written into a scratch PostgreSQL database, for the
 * database's side (`write-path-database.ts`).
 */
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import pg from 'pg';
import type { Principal } from '../src/modules/access/principal';
import { CreatePaymentCommand } from '../src/modules/payments/commands/create-payment/create-payment.command';
import { PaymentCreationBatch } from '../src/modules/payments/commands/create-payment/payment-creation-batch';
import type { ObligationRecorder } from '../src/modules/settlement/obligation-recorder';
import { QuotePricer } from '../src/modules/quotes/quote-pricer';
import type { Db, SqlClient } from '../src/modules/shared/persistence';
import { Prisma } from '../src/generated/prisma/client';
import { measureDatabase } from './write-path-database';

/** The load-test region's members (load-tests/lib/region.ts): four central banks settling in USD. */
const MEMBERS = [
  ['KES', '129.5'],
  ['NGN', '1550'],
  ['GHS', '15.5'],
  ['ZAR', '18.2'],
] as const;
const REGION_ID = 'reg_bench';
const WINDOW_ID = 'win_bench';

function referenceRows() {
  const region = {
    id: REGION_ID,
    settlementAsset: 'USD',
    fxSpreadBps: new Prisma.Decimal(25),
    feeBps: new Prisma.Decimal(10),
    authorizationTtlSeconds: 604_800,
    clockOffsetMs: 0n,
    fxRates: MEMBERS.map(([currency, rate]) => ({ regionId: REGION_ID, currency, rate: new Prisma.Decimal(rate) })),
    fxProviders: [],
  };
  const centralBanks = MEMBERS.map(([currency], i) => ({ id: `cb_bench${i}`, regionId: REGION_ID, currency }));
  const participants = centralBanks.map((centralBank, i) => ({
    id: `par_bench${i}`,
    regionId: REGION_ID,
    centralBankId: centralBank.id,
    feeBps: null,
    fixedFee: null,
    centralBank,
  }));
  const merchants = participants.map((participant, i) => ({
    id: `mer_bench${i}`,
    regionId: REGION_ID,
    participantId: participant.id,
    participant,
  }));
  return { region, participants, merchants };
}

/**
 * What the batch reads and writes, answered from memory. A write is encoded by the driver's own Bind
 * message, as `pg` would send it (parameters through its value mapper), and its bytes counted.
 */
function cannedDatabase() {
  const { region, participants, merchants } = referenceRows();
  const db = {
    merchant: { findMany: () => Promise.resolve(merchants) },
    participant: { findMany: () => Promise.resolve(participants) },
    region: { findMany: () => Promise.resolve([region]) },
  } as unknown as Db;
  const sent = { bytes: 0 };
  // The driver's connection, writing into a counter instead of a socket (@types/pg leaves these parts out).
  const counter = {
    writable: true,
    write: (message: Buffer) => {
      sent.bytes += message.length;
      return true;
    },
  };
  const wire = new pg.Connection({ stream: counter } as unknown as ConstructorParameters<typeof pg.Connection>[0]) as unknown as {
    bind(config: { statement: string; values: readonly unknown[]; valueMapper: (value: unknown) => unknown }): void;
  };
  const { prepareValue } = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils;
  const sql: SqlClient = {
    query<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
      if (text.includes('batch_quotes')) {
        const regions = [
          { id: REGION_ID, clock_offset_ms: '0', window_id: WINDOW_ID, rule: 'multilateral', alerting: false, suspensions: [] },
        ];
        return Promise.resolve([{ answers: [], quotes: [], regions }] as Row[]);
      }
      wire.bind({ statement: 'corridor_bench', values: params, valueMapper: prepareValue });
      return Promise.resolve([{ ok: true }] as Row[]);
    },
  };
  return { db, sql, sent, merchants, participants };
}

/**
 * Bytes the heap grew by while `run` ran, collections included: V8's GC profiler reports the heap's size
 * before and after each collection, so what was allocated is each rise between collections, summed.
 * Garbage costs the service twice (allocating it, then young-generation collections whose pauses stop
 * the event loop), so it is measured beside the CPU.
 */
async function bytesAllocatedDuring(run: () => Promise<void>): Promise<number> {
  const profiler = new v8.GCProfiler();
  const startUsed = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  await run();
  const endUsed = v8.getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let bytes = 0;
  let used = startUsed;
  for (const gc of statistics) {
    bytes += gc.beforeGC.heapStatistics.usedHeapSize - used;
    used = gc.afterGC.heapStatistics.usedHeapSize;
  }
  return bytes + endUsed - used;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      payments: { type: 'string', default: '60000' },
      // The database's half: the same batches written into a scratch PostgreSQL database.
      database: { type: 'boolean', default: false },
      'database-payments': { type: 'string', default: '20000' },
      'admin-url': { type: 'string', default: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
    },
  });
  const total = Number(values.payments);
  const { db, sql, sent, merchants, participants } = cannedDatabase();
  // The unlocking path never reaches the obligation recorder (its region has no caps or alerts).
  const batch = new PaymentCreationBatch(db, sql, new QuotePricer(), null as unknown as ObligationRecorder);
  let next = 0;
  const commands = (size: number) =>
    Array.from({ length: size }, () => {
      const i = next++;
      const merchant = merchants[i % merchants.length]!;
      const payer = participants[(i + 1 + (i % 3)) % participants.length]!;
      const principal: Principal = { keyId: 'key_bench', role: 'merchant', regionId: REGION_ID, subjectId: merchant.id };
      return new CreatePaymentCommand(
        principal,
        {
          payer_participant_id: payer.id,
          amount: `${100 + (i % 9000)}.25`,
          currency: merchant.participant.centralBank.currency,
          reference: `bench-${i}`,
        },
        { scope: 'key_bench', key: `pay-${i}`, requestHash: 'e'.repeat(64) },
      );
    });

  console.log(`Write-path CPU per payment, database answered from memory (${total.toLocaleString('en')} payments per batch size)\n`);
  console.log('| payments per batch | CPU µs per payment | KiB allocated per payment | Bind bytes per payment |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const size of [1, 10, 64]) {
    const rounds = Math.ceil(total / size);
    const prepared = Array.from({ length: rounds }, () => commands(size));
    for (let r = 0; r < Math.min(rounds, 2000); r += 1) await batch.write(commands(size));
    sent.bytes = 0;
    const start = process.cpuUsage();
    for (const round of prepared) {
      const outcomes = await batch.write(round);
      if (!outcomes[0]!.ok) throw outcomes[0]!.error;
    }
    const used = process.cpuUsage(start);
    const payments = rounds * size;
    const bindBytes = sent.bytes;
    // The same batches again with the GC profiler on, so its bookkeeping stays out of the CPU measured above.
    const allocated = await bytesAllocatedDuring(async () => {
      for (const round of prepared) await batch.write(round);
    });
    console.log(
      `| ${size} | ${((used.user + used.system) / payments).toFixed(1)} | ${(allocated / payments / 1024).toFixed(1)} | ${Math.round(bindBytes / payments).toLocaleString('en')} |`,
    );
  }
  if (values.database) {
    await measureDatabase(values['admin-url'], Number(values['database-payments']), referenceRows(), WINDOW_ID, commands);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
