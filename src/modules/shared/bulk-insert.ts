import type { Tx } from './persistence';

/**
 * A column of a multi-row insert: its name in the table, its PostgreSQL type, and its value in a row:
 * amounts as decimal strings (read by `numeric`'s own input, never through a float), a `jsonb` column's
 * value as the object itself or as its `JsonText`.
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
 * `$firstParam` as one JSON array of objects, so that several inserts can share one statement (see
 * `PaymentCreationBatch`). One JSON text per statement is the whole encoding (`jsonRows`), and PostgreSQL
 * reads each value with its column type's own input (amounts exact, `jsonb` objects as they are).
 * `condition`, when given, is a SQL boolean that must hold for any row to be inserted; `returning`, the
 * columns to return.
 */
export function insertStatement<Row>(insert: InsertRows<Row>, firstParam = 1, condition?: string, returning?: string): Statement {
  const { table, columns, rows } = insert;
  const { names, fields, definitions } = layoutOf(columns);
  const where = condition ? ` WHERE ${condition}` : '';
  const sql =
    `INSERT INTO "${table}" (${names}) SELECT ${fields} FROM json_to_recordset($${firstParam}::json) AS r(${definitions})${where}` +
    (returning ? ` RETURNING ${returning}` : '');
  return { sql, params: [jsonRows(columns, rows)] };
}

/**
 * A JSON document already written as text: `jsonRows` puts it in place as it is, so a value the caller
 * also sends elsewhere (a payment's body, in its event and its HTTP answer) is serialised once.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

interface Layout {
  names: string;
  fields: string;
  definitions: string;
  keys: string[];
}

/** Each column list's SQL and JSON keys, worked out once: the hot path inserts the same few tables. */
const layouts = new WeakMap<readonly BulkColumn<never>[], Layout>();

/**
 * The recordset's fields are named by column position ("0", "1", …), not by column name, so a row's
 * JSON carries a short key per value rather than the name.
 */
function layoutOf<Row>(columns: readonly BulkColumn<Row>[]): Layout {
  let layout = layouts.get(columns);
  if (layout === undefined) {
    layout = {
      names: columns.map((c) => `"${c.name}"`).join(', '),
      fields: columns.map((_, i) => `"${i}"`).join(', '),
      definitions: columns.map((c, i) => `"${i}" ${c.type}`).join(', '),
      keys: columns.map((_, i) => `"${i}":`),
    };
    layouts.set(columns, layout);
  }
  return layout;
}

/**
 * The rows as one JSON array of objects keyed by column position, written value by value. A null value
 * is left out, which the recordset reads as NULL. Otherwise the text is what `JSON.stringify` writes for
 * the same objects (dates as ISO strings, which timestamptz reads exactly), without building them first.
 */
function jsonRows<Row>(columns: readonly BulkColumn<Row>[], rows: readonly Row[]): string {
  const { keys } = layoutOf(columns);
  let text = '[';
  for (let r = 0; r < rows.length; r += 1) {
    text += r === 0 ? '{' : ',{';
    let first = true;
    for (let c = 0; c < columns.length; c += 1) {
      const value = columns[c]!.value(rows[r]!);
      if (value === null || value === undefined) continue;
      text += (first ? '' : ',') + keys[c]! + jsonValue(value);
      first = false;
    }
    text += '}';
  }
  return text + ']';
}

/** Printable ASCII other than `"` and `\`: a string JSON writes as it is, between quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function jsonValue(value: string | number | Date | object): string {
  if (typeof value === 'string') return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
  if (value instanceof Date) return `"${value.toISOString()}"`;
  if (value instanceof JsonText) return value.text;
  return JSON.stringify(value);
}
