import { type BulkColumn, bulkInsert, insertStatement } from '../../../src/modules/shared/bulk-insert';
import { createTestDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(60_000);

interface Probe {
  id: string;
  amount: string;
  at: Date;
  body: object | null;
  status: string;
  attempts: number;
}

const COLUMNS: BulkColumn<Probe>[] = [
  { name: 'id', type: 'text', value: (p) => p.id },
  { name: 'amount', type: 'numeric', value: (p) => p.amount },
  { name: 'at', type: 'timestamptz', value: (p) => p.at },
  { name: 'body', type: 'jsonb', value: (p) => p.body },
  { name: 'status', type: '"PaymentStatus"', value: (p) => p.status },
  { name: 'attempts', type: 'int', value: (p) => p.attempts },
];

const ROWS: Probe[] = [
  {
    id: 'probe_1',
    // More digits than a double holds: it must arrive exactly.
    amount: '12345678901234567890.123456789012345678',
    at: new Date('2026-12-04T10:15:30.123Z'),
    body: { reference: 'quote "A" \\ back', note: 'Accra → Nairobi', amounts: ['0.10', '1250.50'], nested: { ok: true } },
    status: 'captured',
    attempts: 3,
  },
  { id: 'probe_2', amount: '0.000000000000000001', at: new Date('2026-12-04T10:15:30.124Z'), body: null, status: 'declined', attempts: 0 },
];

/** Multi-row inserts, as the hot write path sends them: exact amounts, JSON objects as they are, rows in order. */
describe.each(['postgres', 'embedded'] as const)('bulk inserts on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await database.prisma.$executeRawUnsafe(
      `CREATE TABLE bulk_probe (seq bigserial, id text, amount numeric(38, 18), at timestamptz(3), body jsonb, status "PaymentStatus", attempts int)`,
    );
  });

  afterAll(() => database.drop());

  beforeEach(() => database.prisma.$executeRawUnsafe('TRUNCATE bulk_probe'));

  const stored = () =>
    database.sql.query<{ id: string; amount: string; at: string; body: unknown; status: string; attempts: number }>(
      `SELECT id, amount::text AS amount, to_json(at) #>> '{}' AS at, body, status::text AS status, attempts FROM bulk_probe ORDER BY seq`,
      [],
    );

  const expected = ROWS.map((r) => ({
    id: r.id,
    amount: r.amount.includes('.') ? r.amount.padEnd(r.amount.indexOf('.') + 19, '0') : r.amount,
    at: r.at.getTime(),
    body: r.body,
    status: r.status,
    attempts: r.attempts,
  }));

  it('inserts every value exactly and keeps the rows in order, in a Prisma transaction', async () => {
    await database.prisma.$transaction((tx) => bulkInsert(tx, 'bulk_probe', COLUMNS, ROWS));

    expect((await stored()).map((r) => ({ ...r, at: new Date(r.at).getTime() }))).toEqual(expected);
  });

  it('inserts the same through the driver, with a condition that holds or not', async () => {
    const blocked = insertStatement({ table: 'bulk_probe', columns: COLUMNS, rows: ROWS }, 1, '$2::boolean');
    await database.sql.query(blocked.sql, [...blocked.params, false]);
    expect(await stored()).toEqual([]);

    await database.sql.query(blocked.sql, [...blocked.params, true]);
    expect((await stored()).map((r) => ({ ...r, at: new Date(r.at).getTime() }))).toEqual(expected);
  });
});
