import type { Tx } from './persistence';

/**
 * A column of a multi-row insert: its name in the table, its PostgreSQL type, and its value in a row:
 * amounts as decimal strings (read by `numeric`'s own input, never through a float), a `jsonb` column's
 * value as the object itself.
 */
export interface BulkColumn<Row> {
  name: string;
  type: 'text' | 'numeric' | 'int' | 'timestamptz' | 'jsonb' | `"${string}"`;
  value: (row: Row) => string | number | Date | null | object;
}

/** Rows of one table, ready to insert with one statement. */
export interface InsertRows<Row = never> {
  table: string;
  columns: readonly BulkColumn<Row>[];
  rows: readonly Row[];
}

/** SQL text and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** Rows per statement: each column is one parameter, so this bounds the statement's size, not its parameter count. */
export const ROWS_PER_STATEMENT = 5000;

/**
 * Inserts rows with one `INSERT … SELECT … FROM json_to_recordset($1)` per 5,000 rows: one round trip
 * and one statement for the database to plan, whatever the number of rows (the same SQL on PostgreSQL
 * and on embedded PGlite).
 */
export async function bulkInsert<Row>(tx: Tx, table: string, columns: readonly BulkColumn<Row>[], rows: readonly Row[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const { sql, params } = insertStatement({ table, columns, rows: rows.slice(start, start + ROWS_PER_STATEMENT) });
    await tx.$executeRawUnsafe(sql, ...params);
  }
}

/**
 * `INSERT INTO table (…) SELECT … FROM json_to_recordset($n::json) AS r(…)`, its rows in parameter
 * `$firstParam` as one JSON array of objects keyed by column name, so that several inserts can share one
 * statement (see `PaymentCreationBatch`). One JSON text per statement is the whole encoding (`jsonRows`), and
 * PostgreSQL reads each value with its column type's own input (amounts exact, `jsonb` objects as they
 * are). `condition`, when given, is a SQL boolean that must hold for any row to be inserted; `returning`,
 * the columns to return.
 */
export function insertStatement<Row>(insert: InsertRows<Row>, firstParam = 1, condition?: string, returning?: string): Statement {
  const { table, columns, rows } = insert;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const definitions = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  const where = condition ? ` WHERE ${condition}` : '';
  const sql =
    `INSERT INTO "${table}" (${names}) SELECT ${names} FROM json_to_recordset($${firstParam}::json) AS r(${definitions})${where}` +
    (returning ? ` RETURNING ${returning}` : '');
  return { sql, params: [jsonRows(columns, rows)] };
}

/**
 * The rows as one JSON array of objects keyed by column name, written value by value: the same text as
 * `JSON.stringify` of the row objects (dates as ISO strings, which timestamptz reads exactly) without
 * building those objects first, which on the write path cost more than the text itself.
 */
function jsonRows<Row>(columns: readonly BulkColumn<Row>[], rows: readonly Row[]): string {
  const keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
  let text = '[';
  for (let r = 0; r < rows.length; r += 1) {
    if (r > 0) text += ',';
    for (let c = 0; c < columns.length; c += 1) text += keys[c]! + jsonValue(columns[c]!.value(rows[r]!));
    text += '}';
  }
  return text + ']';
}

function jsonValue(value: string | number | Date | null | object): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `"${value.toISOString()}"`;
  return JSON.stringify(value);
}
