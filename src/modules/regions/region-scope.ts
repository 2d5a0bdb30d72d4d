import { canSeeRegion, notFound } from '../access/access-policy';
import type { Principal } from '../access/principal';
import type { Tx } from '../shared/persistence';

/**
 * For requests about one region by id: the region must exist and be the key's own (or the key the
 * platform operator's). Either way a miss is 404, so region ids cannot be probed.
 */
export async function requireVisibleRegion(db: Tx, principal: Principal, regionId: string): Promise<void> {
  if (!canSeeRegion(principal, regionId) || !(await db.region.findUnique({ where: { id: regionId }, select: { id: true } }))) {
    throw notFound('region', regionId);
  }
}
