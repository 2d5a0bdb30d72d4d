/**
 * Sandbox time. Each region has a test clock: its time is the wall clock plus an offset that operators
 * and merchants move forward through the API, so quotes and authorizations expire, windows close and
 * webhook retries fall due without waiting. Everything that asks "is it due yet?" for a region reads
 * this time, never the wall clock directly.
 */
export function sandboxNow(clockOffsetMs: bigint | number, wallClock: Date = new Date()): Date {
  return new Date(wallClock.getTime() + Number(clockOffsetMs));
}
