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

/** The page a list query validated by `ValidatedQuery` asks for (`limit` has its default filled in). */
export function pageParams(query: { limit?: number; starting_after?: string }): PageParams {
  return { limit: query.limit ?? 20, ...(query.starting_after ? { startingAfter: query.starting_after } : {}) };
}
