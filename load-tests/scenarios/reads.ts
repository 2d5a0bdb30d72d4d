import { apiClient, must } from '../lib/api';
import { crossBorderBaskets } from '../lib/region';
import type { Scenario } from '../lib/scenario';
import { type Flow, readJson } from '../lib/traffic';

interface SeededPayment {
  id: string;
  merchantId: string;
  merchantKey: string;
}

interface ReadsRound {
  payment?: SeededPayment;
  cursor?: string;
}

/** How many payments are created at once while seeding: enough to be quick, few enough to be gentle. */
const SEEDING_CONCURRENCY = 4;

/** Reads as dashboards and reconciliation jobs make them, against payments created before the load. */
export const reads: Scenario = {
  name: 'reads',
  summary:
    'After seeding payments through the API (not measured): each merchant reads one of its payments (GET /v1/payments/{id}) and lists its own; the operator lists the region\u2019s captured payments with filters and follows the cursor to the next page.',
  async prepare({ region, log, options }) {
    const seededFrom = new Date().toISOString();
    const baskets = crossBorderBaskets(region, options.seedPayments, 2028);
    const seeded: SeededPayment[] = [];
    let next = 0;
    const seedOne = async (): Promise<void> => {
      while (next < baskets.length) {
        const basket = baskets[next++]!;
        const reference = log.sendPayment();
        const payment = await must(
          apiClient(options.url, basket.merchant.key).POST('/v1/payments', {
            params: { header: { 'Idempotency-Key': `pay-${reference}` } },
            body: { payer_participant_id: basket.payerParticipantId, amount: basket.amount, currency: basket.currency, reference },
          }),
        );
        log.paymentAnswered(reference, payment.id);
        seeded.push({ id: payment.id, merchantId: basket.merchant.id, merchantKey: basket.merchant.key });
      }
    };
    await Promise.all(Array.from({ length: SEEDING_CONCURRENCY }, seedOne));

    const pageSize = 20;
    const filtered = `/v1/payments?region_id=${region.id}&status=captured&created_gte=${encodeURIComponent(seededFrom)}&limit=${pageSize}`;
    const listed = (body: string, check: (item: Record<string, unknown>) => boolean) => {
      const page = readJson(body);
      const data = Array.isArray(page?.data) ? (page.data as Record<string, unknown>[]) : null;
      return data !== null && data.length > 0 && data.every(check) ? { data, nextCursor: page?.next_cursor } : null;
    };
    let turn = 0;
    const flow: Flow<ReadsRound> = {
      steps: [
        {
          operation: 'get payment',
          call(round) {
            round.payment = seeded[turn++ % seeded.length]!;
            return { method: 'GET', path: `/v1/payments/${round.payment.id}`, key: round.payment.merchantKey };
          },
          answer(status, body, round) {
            const payment = status === 200 ? readJson(body) : null;
            return payment?.id === round.payment!.id && payment?.status === 'captured';
          },
        },
        {
          operation: 'list merchant payments',
          call(round) {
            return {
              method: 'GET',
              path: `/v1/payments?merchant_id=${round.payment!.merchantId}&limit=10`,
              key: round.payment!.merchantKey,
            };
          },
          answer(status, body, round) {
            return status === 200 && listed(body, (p) => p.merchant_id === round.payment!.merchantId) !== null;
          },
        },
        {
          operation: 'list payments (filtered)',
          call() {
            return { method: 'GET', path: filtered, key: options.operatorKey };
          },
          answer(status, body, round) {
            const page = status === 200 ? listed(body, (p) => p.region_id === region.id && p.status === 'captured') : null;
            if (!page || page.data.length !== Math.min(pageSize, seeded.length)) return false;
            if (typeof page.nextCursor === 'string') round.cursor = page.nextCursor;
            return true;
          },
        },
        {
          operation: 'list payments (next page)',
          call(round) {
            if (!round.cursor) return null;
            return { method: 'GET', path: `${filtered}&starting_after=${round.cursor}`, key: options.operatorKey };
          },
          answer(status, body, round) {
            // Newest first, and ids sort by creation time: the next page holds only older ids.
            const cursor = round.cursor!;
            const page =
              status === 200 ? listed(body, (p) => p.region_id === region.id && typeof p.id === 'string' && p.id < cursor) : null;
            return page !== null;
          },
        },
      ],
    };
    return { flow };
  },
};
