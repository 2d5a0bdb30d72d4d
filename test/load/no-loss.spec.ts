import { type StoredPayment, reconcilePayments } from '../../load-tests/lib/no-loss';
import { PaymentLog } from '../../load-tests/lib/payment-log';

/** The reconciliation behind every run's "nothing lost" verdict, on made-up logs and listings. */
describe('reconcilePayments', () => {
  const stored = (id: string, reference: string | null, extra: Partial<StoredPayment> = {}): StoredPayment => ({
    id,
    reference,
    status: 'captured',
    amount_refunded: '0.00',
    ...extra,
  });
  const failed = (checks: ReturnType<typeof reconcilePayments>) => checks.filter((c) => !c.passed).map((c) => c.name);

  it('passes when every acknowledged payment is listed once', () => {
    const log = new PaymentLog('run');
    const a = log.sendPayment();
    const b = log.sendPayment();
    log.paymentAnswered(a, 'pay_A');
    log.paymentAnswered(b, 'pay_B');

    expect(failed(reconcilePayments(log.all(), [stored('pay_B', b), stored('pay_A', a)]))).toEqual([]);
  });

  it('fails when an acknowledged payment is missing', () => {
    const log = new PaymentLog('run');
    const a = log.sendPayment();
    log.paymentAnswered(a, 'pay_A');

    const checks = reconcilePayments(log.all(), []);
    expect(failed(checks)).toEqual(['every acknowledged payment is stored exactly once']);
    expect(checks[0]!.detail).toContain('missing: pay_A');
  });

  it('fails when one request was stored as two payments', () => {
    const log = new PaymentLog('run');
    const a = log.sendPayment();
    log.paymentAnswered(a, 'pay_A');

    expect(failed(reconcilePayments(log.all(), [stored('pay_A', a), stored('pay_A2', a)]))).toEqual([
      'nothing stored that was refused, never sent or sent once but stored twice',
    ]);
  });

  it('fails when a payment the API refused was stored anyway', () => {
    const log = new PaymentLog('run');
    const a = log.sendPayment();
    log.paymentAnswered(a, null);

    expect(failed(reconcilePayments(log.all(), [stored('pay_A', a)]))).toEqual([
      'nothing stored that was refused, never sent or sent once but stored twice',
    ]);
  });

  it('counts an unanswered request that was stored, without failing', () => {
    const log = new PaymentLog('run');
    const a = log.sendPayment();
    log.sendPayment();

    const checks = reconcilePayments(log.all(), [stored('pay_A', a)]);
    expect(failed(checks)).toEqual([]);
    expect(checks[1]!.detail).toMatch(/^1 stored = 0 acknowledged \+ 1 of the 2 requests that got no answer/);
  });

  it('fails when an acknowledged refund is not on its payment', () => {
    const log = new PaymentLog('run');
    const a = log.sendPayment();
    log.paymentAnswered(a, 'pay_A');
    log.sendCapture(a);
    log.captureAnswered(a, true);
    log.sendRefund(a, '25.00');
    log.refundAnswered(a, true);

    expect(failed(reconcilePayments(log.all(), [stored('pay_A', a, { amount_refunded: '25.00' })]))).toEqual([]);
    expect(failed(reconcilePayments(log.all(), [stored('pay_A', a, { amount_refunded: '0.00' })]))).toEqual([
      'every acknowledged capture and refund is on its payment',
    ]);
  });

  it('fails when an acknowledged capture left the payment authorized', () => {
    const log = new PaymentLog('run');
    const a = log.sendPayment();
    log.paymentAnswered(a, 'pay_A');
    log.sendCapture(a);
    log.captureAnswered(a, true);

    expect(failed(reconcilePayments(log.all(), [stored('pay_A', a, { status: 'authorized' })]))).toEqual([
      'every acknowledged capture and refund is on its payment',
    ]);
  });
});
