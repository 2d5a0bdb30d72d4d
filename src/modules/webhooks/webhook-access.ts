import type { Prisma } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';

/**
 * The webhook endpoints a key may manage: a merchant its own, the operator those of its region(s).
 * Callers first require one of those two roles; no other role manages webhooks.
 */
export function webhookEndpointScope(principal: Principal): Prisma.WebhookEndpointWhereInput {
  const region = principal.regionId === null ? {} : { regionId: principal.regionId };
  return principal.role === 'merchant' ? { ...region, merchantId: principal.subjectId ?? '' } : region;
}
