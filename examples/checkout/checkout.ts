/**
 * A merchant platform's checkout against the Corridor sandbox, written the way an integrator would:
 * only the typed client this package exports (in your project: `import { createCorridorClient } from 'corridor'`).
 *
 * 1. quote the basket in the merchant's currency for the payer's bank, and show the payer its price;
 * 2. pay that quote with an Idempotency-Key derived from the order and the quote, so a retried or
 *    double-clicked payment never charges twice;
 * 3. if the quote expired before the payer confirmed, say so: the storefront quotes again and asks the
 *    payer to confirm the new price (a price must never change silently);
 * 4. refund part of an order later, again idempotently.
 */
import { type CorridorClient, type CorridorSchemas, createCorridorClient } from '../../src/client';

export interface Order {
  id: string;
  payerParticipantId: string;
  /** What the merchant charges, in its own currency, as a decimal string. */
  amount: string;
  currency: string;
}

type Failure = { ok: false; code: string; reason: string };

export function connect(baseUrl: string, merchantKey: string): CorridorClient {
  return createCorridorClient(baseUrl, merchantKey);
}

/** The price to show the payer: what it pays in its own currency, fee included, until `expires_at`. */
export async function quoteOrder(
  client: CorridorClient,
  order: Order,
): Promise<{ ok: true; quote: CorridorSchemas['Quote']; payerPays: string } | Failure> {
  const quote = await client.POST('/v1/quotes', {
    body: { payer_participant_id: order.payerParticipantId, amount: order.amount, currency: order.currency },
  });
  if (!quote.data) return failure(quote.error);
  return { ok: true, quote: quote.data, payerPays: `${quote.data.payer_amount} ${quote.data.payer_currency}` };
}

/** Pays the quote the payer confirmed; calling it again for the same order and quote pays once. */
export async function payOrder(
  client: CorridorClient,
  order: Order,
  quoteId: string,
): Promise<{ ok: true; payment: CorridorSchemas['Payment'] } | Failure> {
  const payment = await client.POST('/v1/payments', {
    params: { header: { 'Idempotency-Key': `order-${order.id}-${quoteId}` } },
    body: { quote_id: quoteId, reference: order.id },
  });
  return payment.data ? { ok: true, payment: payment.data } : failure(payment.error);
}

export async function refund(client: CorridorClient, paymentId: string, amount: string, requestId: string) {
  const refunded = await client.POST('/v1/payments/{payment_id}/refunds', {
    params: { path: { payment_id: paymentId }, header: { 'Idempotency-Key': `refund-${requestId}` } },
    body: { amount, reason: 'returned by the customer' },
  });
  return refunded.data ? { ok: true as const, refund: refunded.data } : failure(refunded.error);
}

function failure(problem: CorridorSchemas['Problem']): Failure {
  const field = problem.errors?.[0]?.field;
  return { ok: false, code: problem.code, reason: field ? `${problem.detail} (${field})` : problem.detail };
}
