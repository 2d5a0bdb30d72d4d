import { domainErrorOf } from '../test-support';
import { PAYMENT_TRANSITIONS, type PaymentStatus, assertPaymentTransition, canTransition } from './payment-state';

const ALL: PaymentStatus[] = ['pending', 'authorized', 'captured', 'settled', 'declined', 'voided', 'failed'];

describe('payment lifecycle', () => {
  it('allows exactly pending → authorized → captured → settled and the listed exits', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'pending→authorized',
      'pending→declined',
      'pending→failed',
      'authorized→captured',
      'authorized→voided',
      'authorized→failed',
      'captured→settled',
      'captured→failed',
    ]);
    expect(Object.isFrozen(PAYMENT_TRANSITIONS)).toBe(true);
  });

  it('explains a refused move in words a merchant understands', () => {
    expect(domainErrorOf(() => assertPaymentTransition('captured', 'voided'))).toMatchObject({
      code: 'invalid_payment_state',
      message: 'a captured payment cannot be voided',
    });
    expect(domainErrorOf(() => assertPaymentTransition('pending', 'captured')).message).toBe('a pending payment cannot be captured');
    expect(domainErrorOf(() => assertPaymentTransition('settled', 'settled')).message).toBe('a settled payment cannot be settled');
  });

  it('never lets a final payment move again', () => {
    for (const final of ['settled', 'declined', 'voided', 'failed'] as const) {
      expect(ALL.filter((to) => canTransition(final, to))).toEqual([]);
    }
  });

  it('accepts every allowed move', () => {
    expect(() => assertPaymentTransition('authorized', 'captured')).not.toThrow();
  });

  it('refuses a status it does not know', () => {
    expect(canTransition('refunded' as PaymentStatus, 'settled')).toBe(false);
    expect(domainErrorOf(() => assertPaymentTransition('captured', 'refunded' as PaymentStatus)).message).toBe(
      'a captured payment cannot be moved to refunded',
    );
  });
});
