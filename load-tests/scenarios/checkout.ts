import { type Basket, crossBorderBaskets } from '../lib/region';
import type { Scenario } from '../lib/scenario';
import { type Flow, readJson } from '../lib/traffic';

interface CheckoutRound {
  basket?: Basket;
  quoteId?: string;
  reference?: string;
}

/** A shopper checks out: the merchant quotes the basket, then takes the payment at the quoted price. */
export const checkout: Scenario = {
  name: 'checkout',
  summary:
    'Merchants quote cross-border baskets (POST /v1/quotes) and take each payment from its quote with automatic capture (POST /v1/payments, a fresh Idempotency-Key each).',
  async prepare({ region, log }) {
    const baskets = crossBorderBaskets(region, 1000, 2026);
    let next = 0;
    const flow: Flow<CheckoutRound> = {
      steps: [
        {
          operation: 'quote',
          call(round) {
            const basket = baskets[next++ % baskets.length]!;
            round.basket = basket;
            return {
              method: 'POST',
              path: '/v1/quotes',
              key: basket.merchant.key,
              body: { payer_participant_id: basket.payerParticipantId, amount: basket.amount, currency: basket.currency },
            };
          },
          answer(status, body, round) {
            const quote = status === 201 ? readJson(body) : null;
            if (typeof quote?.id !== 'string' || quote.amount !== round.basket?.amount) return false;
            round.quoteId = quote.id;
            return true;
          },
        },
        {
          operation: 'payment',
          call(round) {
            if (!round.quoteId || !round.basket) return null;
            round.reference = log.sendPayment();
            return {
              method: 'POST',
              path: '/v1/payments',
              key: round.basket.merchant.key,
              idempotencyKey: `pay-${round.reference}`,
              body: { quote_id: round.quoteId, capture_method: 'automatic', reference: round.reference },
            };
          },
          answer(status, body, round) {
            const payment = status === 201 ? readJson(body) : null;
            const id = typeof payment?.id === 'string' ? payment.id : null;
            log.paymentAnswered(round.reference!, id);
            return id !== null && payment?.status === 'captured' && payment.quote_id === round.quoteId;
          },
        },
      ],
    };
    return { flow };
  },
};
