import { DomainError } from '../errors';

export type PaymentStatus = 'pending' | 'authorized' | 'captured' | 'settled' | 'declined' | 'voided' | 'expired' | 'failed';

/**
 * pending → authorized → captured → settled, or declined (refused at authorization), voided (released
 * before capture), expired (an authorization not captured in time) or failed (unwound at settlement, or an error before it). Refunds do not change the
 * payment's status; they are their own records.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = Object.freeze({
  pending: ['authorized', 'declined', 'failed'],
  authorized: ['captured', 'voided', 'expired', 'failed'],
  captured: ['settled', 'failed'],
  settled: [],
  declined: [],
  voided: [],
  expired: [],
  failed: [],
});

/** How each target status reads in an error message: "a captured payment cannot be voided". */
const BECOMING: Readonly<Record<PaymentStatus, string>> = {
  pending: 'made pending again',
  authorized: 'authorized',
  captured: 'captured',
  settled: 'settled',
  declined: 'declined',
  voided: 'voided',
  expired: 'expired',
  failed: 'failed',
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  // Statuses read from storage are untrusted strings: an unknown one can go nowhere.
  return Object.hasOwn(PAYMENT_TRANSITIONS, from) && PAYMENT_TRANSITIONS[from].includes(to);
}

export function assertPaymentTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!canTransition(from, to)) {
    const becoming = Object.hasOwn(BECOMING, to) ? BECOMING[to] : `moved to ${to}`;
    throw new DomainError('invalid_payment_state', `a ${from} payment cannot be ${becoming}`);
  }
}
