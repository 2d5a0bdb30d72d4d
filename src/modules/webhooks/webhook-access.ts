import type { Prisma } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';

/**
 * The webhook endpoints a key may manage: a merchant or a central bank its own, the operator those of
 * its region(s). Callers first require one of those roles; participants do not manage webhooks.
 */
export function webhookEndpointScope(principal: Principal): Prisma.WebhookEndpointWhereInput {
  const region = principal.regionId === null ? {} : { regionId: principal.regionId };
  if (principal.role === 'merchant') return { ...region, merchantId: principal.subjectId ?? '' };
  if (principal.role === 'central_bank') return { ...region, centralBankId: principal.subjectId ?? '' };
  return region;
}
