import { type Basket, crossBorderBaskets, paymentCall } from '../lib/region';
import type { Scenario } from '../lib/scenario';
import { type Flow, readJson, succeeded } from '../lib/traffic';

interface ManualCaptureRound {
  basket?: Basket;
  reference?: string;
  paymentId?: string;
  captured?: boolean;
}

/** A merchant that ships before it charges: authorize, capture on dispatch, refund an item returned. */
export const manualCaptureRefunds: Scenario = {
  name: 'manual-capture-refunds',
  summary:
    'Merchants take payments priced on the spot with manual capture, capture each one (POST /v1/payments/{id}/capture), then refund a quarter of it (POST /v1/payments/{id}/refunds); a fresh Idempotency-Key for every request.',
  async prepare({ region, log }) {
    const baskets = crossBorderBaskets(region, 1000, 2027);
    let next = 0;
    const flow: Flow<ManualCaptureRound> = {
      steps: [
        {
          operation: 'payment (manual capture)',
          call(round) {
            const basket = baskets[next++ % baskets.length]!;
            round.basket = basket;
            round.reference = log.sendPayment();
            return paymentCall(basket, round.reference, 'manual');
          },
          answer(status, body, round) {
            const payment = status === 201 ? readJson(body) : null;
            const id = typeof payment?.id === 'string' ? payment.id : null;
            log.paymentAnswered(round.reference!, id);
            if (id === null || payment?.status !== 'authorized') return false;
            round.paymentId = id;
            return true;
          },
        },
        {
          operation: 'capture',
          call(round) {
            if (!round.paymentId) return null;
            log.sendCapture(round.reference!);
            return {
              method: 'POST',
              path: `/v1/payments/${round.paymentId}/capture`,
              key: round.basket!.merchant.key,
              idempotencyKey: `capture-${round.reference}`,
            };
          },
          answer(status, body, round) {
            const payment = status === 200 ? readJson(body) : null;
            const captured = payment?.id === round.paymentId && payment?.status === 'captured';
            log.captureAnswered(round.reference!, succeeded(status));
            round.captured = captured;
            return captured;
          },
        },
        {
          operation: 'partial refund',
          call(round) {
            if (!round.captured) return null;
            const amount = round.basket!.partialRefund;
            log.sendRefund(round.reference!, amount);
            return {
              method: 'POST',
              path: `/v1/payments/${round.paymentId}/refunds`,
              key: round.basket!.merchant.key,
              idempotencyKey: `refund-${round.reference}`,
              body: { amount, reason: 'one item returned' },
            };
          },
          answer(status, body, round) {
            const refund = status === 201 ? readJson(body) : null;
            log.refundAnswered(round.reference!, succeeded(status));
            return refund?.payment_id === round.paymentId && refund?.amount === round.basket!.partialRefund;
          },
        },
      ],
    };
    return { flow };
  },
};
