import { Query } from '@nestjs/common';
import { sharedQueryValidation } from './validated-query.pipe';

/** One page of a list: the `data` / `has_more` / `next_cursor` envelope of every list response. */
export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** What a list was asked for: `limit` (default 20) and, after the first page, the cursor. */
export interface PageParams {
  limit: number;
  startingAfter?: string;
}

/**
 * Turns rows fetched as `limit + 1` into a page: the extra row only says that more follow. The cursor
 * is the last row's id, or what `cursorOf` makes of it for rows without one (FX rates).
 */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T>;
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T>;
export function pageOf<T>(rows: T[], limit: number, cursorOf?: (row: T) => string): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const has_more = rows.length > limit;
  const cursor = (row: T): string => (cursorOf ? cursorOf(row) : (row as T & { id: string }).id);
  return { data, has_more, next_cursor: has_more && last !== undefined ? cursor(last) : null };
}

/**
 * `limit` and `starting_after` of a query (raw strings, or already converted by `ValidatedQuery`),
 * checked against the spec's shared `Limit` and `StartingAfter` parameters; other parameters are left
 * alone. A bad value is `422 validation_failed`.
 */
export function readPageQuery(query: Readonly<Record<string, unknown>>): PageParams {
  const page = sharedQueryValidation('Limit', 'StartingAfter').transform(query);
  const limit = page['limit'] as number;
  const startingAfter = page['starting_after'] as string | undefined;
  return startingAfter === undefined ? { limit } : { limit, startingAfter };
}

/** The page a list is asked for, as a parameter decorator: `list(@PageQuery() page: PageParams)`. */
export function PageQuery(): ParameterDecorator {
  return Query({ transform: (query: Readonly<Record<string, unknown>>) => readPageQuery(query) });
}
