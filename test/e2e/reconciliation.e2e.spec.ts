import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/adapters/http/openapi-document';
import type { Schemas } from '../../src/adapters/http/openapi-document';
import { Decimal, formatAmount, fromMinorUnits, roundToCurrency } from '../../src/core/money';
import type { NetPosition } from '../../src/core/netting';
import { type SettledRecord, expectedPositions, positionDifferences, reconcileTiers } from '../../src/core/settlement';
import { generateWorkload } from '../../src/core/workload';
import type { PrismaClient } from '../../src/adapters/prisma/database';
import { PRISMA } from '../../src/modules/shared/persistence';
import { idempotencyKey, loadRegion, regionIndex } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

const PAYMENTS = 240;
const IN_FLIGHT = 8;

/** Runs `work` over `items` with at most `limit` in flight, keeping the results in order. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) {
    results.push(...(await Promise.all(items.slice(start, start + limit).map((item, i) => work(item, start + i)))));
  }
  return results;
}

const toPosition = (party: string, currency: string, p: { sent: string; received: string; net: string }): NetPosition => ({
  party,
  currency,
  sent: new Decimal(p.sent),
  received: new Decimal(p.received),
  net: new Decimal(p.net),
});

/**
 * A generated day in the demo region, through the API: payments among its participants (the workload
 * generator's parties), a refund of every seventh, then one window close. What was settled must
 * reconcile to the minor unit with what each payment and refund recorded — see docs/reports.md.
 */
describe.each(MODES)('reconciliation of a generated day (%s)', (mode) => {
  let t: TestApp;
  let region: ReturnType<typeof regionIndex>;
  let loaded: Schemas['RegionLoadResult'];
  let windowId: string;
  const payments: Schemas['Payment'][] = [];
  const refunds: Schemas['Refund'][] = [];
  let positions: Schemas['WindowPositions'];
  let report: Schemas['SettlementReport'];

  beforeAll(async () => {
    t = await startTestApp(mode);
    const demo = JSON.parse(readFileSync(join(projectRoot(), 'examples/regions/demo-region.json'), 'utf8')) as Schemas['RegionDefinition'];
    loaded = await loadRegion(t.api, t.operatorKey, { ...demo, name: 'Reconciliation day', settlement_cycle_seconds: null });
    region = regionIndex(loaded);
    windowId = loaded.settlement_window.id;

    // The generator's parties are the participants that have a merchant to be paid.
    const receiving = loaded.participants.filter((p) => loaded.merchants.some((m) => m.participant_id === p.id));
    const currencyOf = new Map(loaded.central_banks.map((b) => [b.id, b.currency]));
    const day = generateWorkload({
      seed: 20261123,
      parties: receiving.map((p) => ({ code: p.code, currency: currencyOf.get(p.central_bank_id)!, tier: 'core' as const })),
      currencies: [...new Set(currencyOf.values())].map((code) => ({ code, scale: 2 })),
      payments: PAYMENTS,
      dayLengthSeconds: 36_000,
      topology: { kind: 'core-periphery', coreShare: 1, coreTraffic: 1 },
      arrivals: { profile: [] },
      values: { components: [{ weight: 1, medianMinor: 8_000, sigma: 1 }] },
      reciprocity: 0.5,
      crossCurrencyShare: 0.8,
      ratesPerAsset: Object.fromEntries((demo.fx_rates ?? []).map((r) => [r.currency, r.rate])),
    });
    const { sender, receiver, currency, amount } = day.payments;
    const indexes = Array.from({ length: day.payments.count }, (_, k) => k);
    payments.push(
      ...(await inBatches(indexes, IN_FLIGHT, async (k) => {
        const merchant = loaded.merchants.find((m) => m.participant_id === receiving[receiver[k]!]!.id)!;
        const code = day.currencies[currency[k]!]!.code;
        const res = await t.api.post(
          '/v1/payments',
          region.keyOf(merchant.code),
          {
            payer_participant_id: receiving[sender[k]!]!.id,
            amount: formatAmount(fromMinorUnits(BigInt(amount[k]!), code), code),
            currency: code,
          },
          idempotencyKey(),
        );
        if (res.status !== 201) throw new Error(`payment ${k}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as Schemas['Payment'];
      })),
    );
    // Every seventh payment is refunded: every fourteenth in full, the others by 30 %.
    const refunded = payments.filter((_, k) => k % 7 === 0);
    refunds.push(
      ...(await inBatches(refunded, IN_FLIGHT, async (payment, i) => {
        const merchant = loaded.merchants.find((m) => m.id === payment.merchant_id)!;
        const part = roundToCurrency(new Decimal(payment.amount).times('0.3'), payment.currency);
        const body = i % 2 === 0 ? {} : { amount: formatAmount(part, payment.currency) };
        const res = await t.api.post(`/v1/payments/${payment.id}/refunds`, region.keyOf(merchant.code), body, idempotencyKey());
        if (res.status !== 201) throw new Error(`refund of ${payment.id}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as Schemas['Refund'];
      })),
    );
    const closed = await t.api.post(`/v1/settlement-windows/${windowId}/close`, t.operatorKey);
    expect(closed.body.status).toBe('settled');
    positions = (await t.api.get(`/v1/settlement-windows/${windowId}/positions`, t.operatorKey)).body as Schemas['WindowPositions'];
    report = (await t.api.get(`/v1/settlement-windows/${windowId}/report`, t.operatorKey)).body as Schemas['SettlementReport'];
  }, 300_000);
  afterAll(() => t?.close());

  /** Each payment and refund as it recorded itself, with its parties' central banks from the directory. */
  function records(): SettledRecord[] {
    const participant = new Map(loaded.participants.map((p) => [p.id, p]));
    const merchant = new Map(loaded.merchants.map((m) => [m.id, m]));
    const legsOf = (payment: Schemas['Payment'], amounts: { merchant: string; payer: string; settlement: string }) => ({
      reference: payment.id,
      payerParticipantId: payment.payer_participant_id,
      payerCentralBankId: participant.get(payment.payer_participant_id)!.central_bank_id,
      payerCurrency: payment.payer_currency,
      payerAmount: new Decimal(amounts.payer),
      merchantParticipantId: merchant.get(payment.merchant_id)!.participant_id,
      merchantCentralBankId: merchant.get(payment.merchant_id)!.central_bank_id,
      merchantCurrency: payment.currency,
      merchantAmount: new Decimal(amounts.merchant),
      settlementAsset: payment.settlement_asset,
      settlementAmount: new Decimal(amounts.settlement),
    });
    const byId = new Map(payments.map((p) => [p.id, p]));
    return [
      ...payments.map((p) => ({
        kind: 'capture' as const,
        legs: legsOf(p, { merchant: p.amount_captured, payer: p.payer_amount, settlement: p.settlement_amount }),
      })),
      ...refunds.map((r) => ({
        kind: 'refund' as const,
        legs: legsOf(byId.get(r.payment_id)!, { merchant: r.amount, payer: r.payer_amount, settlement: r.settlement_amount }),
      })),
    ];
  }

  const regionalPositions = () => positions.central_banks.map((p) => toPosition(p.central_bank_id, p.currency, p));

  it('settles every captured payment and refund exactly once', async () => {
    expect(payments).toHaveLength(PAYMENTS);
    expect(refunds).toHaveLength(Math.ceil(PAYMENTS / 7));
    expect(report.payments.count).toBe(PAYMENTS);
    expect(report.refunds.count).toBe(refunds.length);
    expect(report.unwound.count + report.carried_over.count).toBe(0);
    for (const payment of payments) {
      const now = (await t.api.get(`/v1/payments/${payment.id}`, t.operatorKey)).body as Schemas['Payment'];
      expect([now.id, now.status, now.window_id]).toEqual([payment.id, 'settled', windowId]);
    }
    // One payment.settled event per payment: the settlement step ran once for each.
    const settledEvents = new Map<string, number>();
    let after: string | null = null;
    do {
      const query: string = `type=payment.settled&limit=100${after === null ? '' : `&starting_after=${after}`}`;
      const page = (await t.api.get(`/v1/events?${query}`, t.operatorKey)).body as Schemas['EventList'];
      for (const event of page.data) {
        const id = (event.data.object as { id: string }).id;
        settledEvents.set(id, (settledEvents.get(id) ?? 0) + 1);
      }
      after = page.next_cursor;
    } while (after !== null);
    expect([...settledEvents.values()].every((n) => n === 1)).toBe(true);
    expect([...settledEvents.keys()].sort()).toEqual(payments.map((p) => p.id).sort());
  });

  it("nets the regional tier to the sum of the payments' settlement amounts per central bank", () => {
    expect(positions.central_banks).toHaveLength(loaded.central_banks.length);
    expect(positionDifferences(expectedPositions(records()).regional, regionalPositions())).toEqual([]);
    expect(positions.central_banks.reduce((sum, p) => sum.plus(p.net), new Decimal(0)).isZero()).toBe(true);
  });

  it("nets each participant's domestic position to the sum of its payer and merchant amounts", () => {
    const expected = expectedPositions(records()).domestic.filter((p) => p.party.startsWith('par_'));
    const actual = positions.participants.map((p) => toPosition(p.participant_id, p.currency, p));
    expect(actual.length).toBeGreaterThan(0);
    expect(positionDifferences(expected, actual)).toEqual([]);
  });

  it("reconciles each central bank's domestic tier with its regional leg", () => {
    // Both sides of the domestic tier as stored: the report shows the central banks' own rows too.
    const domestic = report.domestic.flatMap((tier) => tier.parties.map((p) => toPosition(p.party_id, p.currency, p)));
    const tiers = reconcileTiers(
      records(),
      { regional: regionalPositions(), domestic },
      new Map(loaded.participants.map((p) => [p.id, p.central_bank_id])),
    );
    expect(tiers).toHaveLength(loaded.central_banks.length);
    expect(tiers.filter((row) => !row.balanced)).toEqual([]);
  });

  it('posts to each ledger account exactly its settled net position', async () => {
    const prisma = t.app.get<PrismaClient>(PRISMA);
    const postings = await prisma.posting.groupBy({
      by: ['account', 'currency'],
      where: { entry: { reference: windowId, kind: 'settlement' } },
      _sum: { amount: true },
    });
    const ledger = new Map(postings.map((p) => [`${p.account} ${p.currency}`, new Decimal(p._sum.amount!.toString())]));
    const expected = new Map<string, Decimal>();
    for (const p of positions.central_banks) expected.set(`cb:${p.central_bank_id}:settlement ${p.currency}`, new Decimal(p.net));
    for (const p of positions.participants) expected.set(`par:${p.participant_id}:settlement ${p.currency}`, new Decimal(p.net));
    for (const [key, net] of expected) expect([key, ledger.get(key)?.toFixed(2) ?? '0.00']).toEqual([key, net.toFixed(2)]);
    // What is left in the ledger is the central banks' own domestic side and the agent, which nets to zero.
    const agent = [...ledger].filter(([key]) => key.startsWith('region:'));
    expect(agent.every(([, amount]) => amount.isZero())).toBe(true);
  });
});
