/** The page a validated list query asks for (`limit` has its default filled in by validation). */
export function page(query: { limit?: number; starting_after?: string }): { limit: number; startingAfter?: string } {
  return { limit: query.limit ?? 20, ...(query.starting_after ? { startingAfter: query.starting_after } : {}) };
}
