import fc from 'fast-check';
import { type BulkColumn, insertStatement } from './bulk-insert';

interface Row {
  id: string;
  note: string | null;
  count: number;
  at: Date;
  data: object;
}

const COLUMNS: BulkColumn<Row>[] = [
  { name: 'id', type: 'text', value: (r) => r.id },
  { name: 'note', type: 'text', value: (r) => r.note },
  { name: 'count', type: 'int', value: (r) => r.count },
  { name: 'at', type: 'timestamptz', value: (r) => r.at },
  { name: 'data', type: 'jsonb', value: (r) => r.data },
];

describe('insertStatement', () => {
  it('sends the rows as the same JSON text as JSON.stringify of one object per row', () => {
    const row = fc.record({
      id: fc.string(),
      note: fc.option(fc.string({ unit: 'binary' })),
      count: fc.integer(),
      at: fc.date({ noInvalidDate: true }),
      data: fc.jsonValue().map((value) => ({ value })),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        const { params } = insertStatement({ table: 't', columns: COLUMNS, rows });
        const objects = rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c.name, c.value(r)])));
        expect(params).toEqual([JSON.stringify(objects)]);
      }),
    );
  });

  it('reads them back by column name and type, with a condition and the columns to return', () => {
    const { sql } = insertStatement({ table: 't', columns: COLUMNS.slice(0, 2), rows: [] }, 3, '(SELECT ok FROM gate)', 'id');
    expect(sql).toBe(
      'INSERT INTO "t" ("id", "note") SELECT "id", "note" FROM json_to_recordset($3::json) AS r("id" text, "note" text) WHERE (SELECT ok FROM gate) RETURNING id',
    );
  });
});
