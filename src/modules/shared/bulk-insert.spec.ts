import fc from 'fast-check';
import { type BulkColumn, insertStatement, JsonText } from './bulk-insert';

interface Row {
  id: string;
  note: string | null;
  count: number;
  at: Date;
  data: object | JsonText;
}

const COLUMNS: BulkColumn<Row>[] = [
  { name: 'id', type: 'text', value: (r) => r.id },
  { name: 'note', type: 'text', value: (r) => r.note },
  { name: 'count', type: 'int', value: (r) => r.count },
  { name: 'at', type: 'timestamptz', value: (r) => r.at },
  { name: 'data', type: 'jsonb', value: (r) => r.data },
];

describe('insertStatement', () => {
  it('sends the rows as JSON.stringify writes one object per row, keyed by column position, nulls left out', () => {
    const row = fc.record({
      id: fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', 'é', '\u2028', '\ud800') }),
      note: fc.option(fc.string({ unit: 'binary' })),
      count: fc.integer(),
      at: fc.date({ noInvalidDate: true }),
      data: fc.jsonValue().map((value) => ({ value })),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        const { params } = insertStatement({ table: 't', columns: COLUMNS, rows });
        const objects = rows.map((r) =>
          Object.fromEntries(COLUMNS.flatMap((c, i) => (c.value(r) === null ? [] : [[String(i), c.value(r)]]))),
        );
        expect(params).toEqual([JSON.stringify(objects)]);
      }),
    );
  });

  it('puts a JsonText in place as it is, so a document serialised once is not serialised again', () => {
    const at = new Date('2026-12-04T10:15:30.123Z');
    const { params } = insertStatement({
      table: 't',
      columns: COLUMNS,
      rows: [{ id: 'pay_1', note: null, count: 1, at, data: new JsonText('{"amount":"1250.50"}') }],
    });
    expect(params).toEqual(['[{"0":"pay_1","2":1,"3":"2026-12-04T10:15:30.123Z","4":{"amount":"1250.50"}}]']);
  });

  it('reads them back by column position and type into the named columns, with a condition and the columns to return', () => {
    const { sql } = insertStatement({ table: 't', columns: COLUMNS.slice(0, 2), rows: [] }, 3, '(SELECT ok FROM gate)', 'id');
    expect(sql).toBe(
      'INSERT INTO "t" ("id", "note") SELECT "0", "1" FROM json_to_recordset($3::json) AS r("0" text, "1" text) WHERE (SELECT ok FROM gate) RETURNING id',
    );
  });
});
