import { takeFromDispatchQueue } from '../../../src/modules/webhooks/webhook-dispatcher';
import { createTestDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(60_000);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function scannedWhole(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scannedWhole)];
}

/**
 * The webhook dispatcher takes a second's events out of the queue every second. The events table only
 * grows, so what that statement costs must not grow with it, even before autovacuum has analysed it.
 */
describe('the webhook dispatch queue on PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Statistics of an empty service, as at start-up; then a busy stretch the planner has not seen.
    await database.prisma.$executeRawUnsafe('ANALYZE events');
    await database.prisma.$executeRawUnsafe('ANALYZE event_dispatch_queue');
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO events (id, type, region_id, data) SELECT 'evt_' || g, 'payment.captured', 'reg_probe', '{}'::jsonb FROM generate_series(1, 5000) g`,
    );
    await database.prisma.$executeRawUnsafe('INSERT INTO event_dispatch_queue (sequence) SELECT sequence FROM events');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('reads the queue and the events by their keys, never either table whole, however stale the statistics', async () => {
    const statement = takeFromDispatchQueue(1000);
    const [row] = await database.prisma.$queryRawUnsafe<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(
      `EXPLAIN (FORMAT JSON) ${statement.text}`,
      ...statement.values,
    );

    // Regions are a handful of rows, read whole as cheaply as by key; the two growing tables never are.
    const growing = scannedWhole(row!['QUERY PLAN'][0]!.Plan).filter((table) => table === 'events' || table === 'event_dispatch_queue');
    expect(growing).toEqual([]);
  });

  it('takes the oldest events out of the queue, in order, and leaves the rest', async () => {
    const taken = await database.prisma.$queryRaw<{ sequence: bigint; id: string }[]>(takeFromDispatchQueue(1000));
    const [left] = await database.prisma.$queryRawUnsafe<{ count: bigint; first: bigint }[]>(
      'SELECT count(*) AS count, min(sequence) AS first FROM event_dispatch_queue',
    );

    expect(taken).toHaveLength(1000);
    expect(taken.map((e) => e.sequence)).toEqual([...taken.map((e) => e.sequence)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(left!.count).toBe(4000n);
    expect(left!.first).toBeGreaterThan(taken[taken.length - 1]!.sequence);
  });
});
