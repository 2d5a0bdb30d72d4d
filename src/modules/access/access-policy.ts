import { ProblemError } from '../../adapters/http/problem';
import type { Principal, Role } from './principal';

/**
 * What each role may see. Resources outside a caller's view answer 404, never 403, so ids cannot be
 * probed; 403 is only for an action the role may never take.
 */
export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!roles.includes(principal.role)) {
    throw new ProblemError(403, 'forbidden', `This action needs a ${roles.join(' or ')} key; this key is a ${principal.role} key.`);
  }
}

/** Loading regions belongs to the platform operator (CORRIDOR_OPERATOR_KEY), not to a region's own operator key. */
export function requirePlatformOperator(principal: Principal): void {
  if (principal.role !== 'operator' || principal.regionId !== null) {
    throw new ProblemError(403, 'forbidden', 'Only the platform operator key (CORRIDOR_OPERATOR_KEY) can do this.');
  }
}

/** Platform operators (no region) see every region; everyone else sees only their own. */
export function canSeeRegion(principal: Principal, regionId: string): boolean {
  return principal.regionId === null || principal.regionId === regionId;
}

/** The region filter for list queries, or undefined for the platform operator. */
export function regionFilter(principal: Principal, requested?: string): { regionId?: string } {
  if (principal.regionId !== null) return { regionId: principal.regionId };
  return requested ? { regionId: requested } : {};
}

export function notFound(resource: string, id: string): ProblemError {
  return new ProblemError(404, 'not_found', `No ${resource} ${id} is visible to this key.`);
}
