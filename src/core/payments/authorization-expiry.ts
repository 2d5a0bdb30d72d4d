import { DomainError } from '../errors';
import { isDue } from '../time/test-clock';
import type { PaymentStatus } from './payment-state';

/**
 * Refuses to capture or void an authorization that lapsed at `expiresAt` (sandbox time) before the
 * expiry sweep got to it: the payer's hold is gone, whatever the stored status still says.
 */
export function assertAuthorizationLive(
  payment: { id: string; status: PaymentStatus; authorizationExpiresAt: Date | null },
  action: 'captured' | 'voided',
  now: Date,
): void {
  if (payment.status !== 'authorized' || !isDue(payment.authorizationExpiresAt, now)) return;
  throw new DomainError(
    'authorization_expired',
    `Payment ${payment.id}'s authorization expired at ${payment.authorizationExpiresAt!.toISOString()}; it cannot be ${action}. Create a new payment.`,
  );
}
