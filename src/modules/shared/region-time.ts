import { sandboxNow } from '../../core/time';
import type { Tx } from './persistence';

/**
 * The region's sandbox time (wall clock + its test clock's offset), read in the caller's transaction so
 * an advance that committed before it is seen. For code that has no region row at hand; where the
 * region is loaded anyway, call sandboxNow(region.clockOffsetMs) on it instead of a second query.
 */
export async function regionNow(tx: Tx, regionId: string): Promise<Date> {
  const region = await tx.region.findUniqueOrThrow({ where: { id: regionId }, select: { clockOffsetMs: true } });
  return sandboxNow(region.clockOffsetMs);
}
