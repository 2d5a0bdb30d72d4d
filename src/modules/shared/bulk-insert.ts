import type { Tx } from './persistence';

/**
 * A column of a multi-row insert: its name in the table and the PostgreSQL type its values are sent as
 * (one array parameter per column). Amounts go as text and are cast to `numeric`, never through a float.
 */
export interface BulkColumn<Row> {
  name: string;
  type: 'text' | 'numeric' | 'int' | 'timestamptz' | 'jsonb' | `"${string}"`;
  value: (row: Row) => string | number | Date | null;
}

/** Rows per statement: each column is one parameter, so this bounds the statement's size, not its parameter count. */
const ROWS_PER_STATEMENT = 5000;

/**
 * Inserts rows with one `INSERT … SELECT * FROM unnest($1::text[], …)` per 5,000 rows: one round trip
 * and one statement for the database to plan, whatever the number of rows (the same SQL on PostgreSQL
 * and on embedded PGlite). Timestamps go as ISO strings and JSON as its text, so both drivers pass
 * every parameter as a plain array of strings or numbers.
 */
export async function bulkInsert<Row>(tx: Tx, table: string, columns: readonly BulkColumn<Row>[], rows: readonly Row[]): Promise<void> {
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  // enum and jsonb arrays are sent as text[] and cast per element after unnesting.
  const arrays = columns.map((c, i) => `$${i + 1}::${arrayType(c.type)}[]`).join(', ');
  const casts = columns.map((c, i) => (arrayType(c.type) === c.type ? `c${i}` : `c${i}::${c.type}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${casts} FROM unnest(${arrays}) AS t(${aliases})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params = columns.map((c) =>
      chunk.map((row) => {
        const value = c.value(row);
        return value instanceof Date ? value.toISOString() : value;
      }),
    );
    await tx.$executeRawUnsafe(sql, ...params);
  }
}

function arrayType(type: BulkColumn<unknown>['type']): string {
  return type === 'jsonb' || type.startsWith('"') ? 'text' : type;
}
