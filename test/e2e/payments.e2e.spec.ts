import type { Schemas } from '../../src/adapters/http/openapi-document';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * A merchant's payment lifecycle through the API: quote → payment, manual capture, void, partial and
 * full refunds, listing with filters and cursor pagination, and what settlement does to each.
 * Region: A (KES 100/USD), B (GHS 10/USD), C (NGN 1000/USD), plenty of liquidity, no spread or fee
 * unless a test loads its own region.
 */
describe.each(MODES)('payments (%s)', (mode) => {
  let t: TestApp;
  let r: ReturnType<typeof regionIndex>;
  let merchantKey: string;
  let payerId: string;

  beforeAll(async () => {
    t = await startTestApp(mode);
    r = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '1000.00', B: '1000.00', C: '1000.00' })));
    merchantKey = r.keyOf('B-SHOP');
    payerId = r.participant.get('A-BANK')!.id;
  });
  afterAll(() => t.close());

  it('quotes with FX, spread and fee, and pays from the quote at its price', async () => {
    // A region with a 100 bps spread and a 50 bps fee: 1,000 GHS = 100 USD = 10,000 KES at mid rate;
    // principal 10,000 × 1.01 = 10,100 KES; fee 10,100 × 0.005 = 50.50 KES; payer pays 10,150.50 KES.
    const priced = regionIndex(
      await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Priced region', fx_spread_bps: '100', fee_bps: '50' }),
    );
    const quote = await t.api.post('/v1/quotes', priced.keyOf('B-SHOP'), {
      payer_participant_id: priced.participant.get('A-BANK')!.id,
      amount: '1000.00',
      currency: 'GHS',
    });
    expect(quote.status).toBe(201);
    expect(quote.body).toMatchObject({
      amount: '1000.00',
      currency: 'GHS',
      settlement_amount: '100.00',
      settlement_asset: 'USD',
      payer_principal: '10100.00',
      fee: '50.50',
      payer_amount: '10150.50',
      payer_currency: 'KES',
      rate: '10.1',
    });
    expect(Date.parse(quote.body.expires_at) - Date.parse(quote.body.created_at)).toBe(300_000);

    const payment = await t.api.post('/v1/payments', priced.keyOf('B-SHOP'), { quote_id: quote.body.id }, idempotencyKey());
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({
      quote_id: quote.body.id,
      status: 'captured',
      payer_amount: '10150.50',
      settlement_amount: '100.00',
    });
    expect(payment.body.window_id).toEqual(expect.stringMatching(/^win_/));
  });

  it('holds a manual-capture payment as authorized until captured, then records it in the open window', async () => {
    const authorized = await pay(t.api, merchantKey, {
      payer_participant_id: payerId,
      amount: '120.00',
      currency: 'GHS',
      capture_method: 'manual',
    });
    expect(authorized).toMatchObject({ status: 'authorized', window_id: null, captured_at: null });
    const captured = await t.api.post(`/v1/payments/${authorized.id}/capture`, merchantKey);
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ id: authorized.id, status: 'captured' });
    expect(captured.body.window_id).toEqual(expect.stringMatching(/^win_/));
  });

  it('captures part of an authorized payment, cutting the payer’s price and the settlement value in proportion', async () => {
    // 200 GHS authorized = 20 USD = 2,000 KES; capture 150 GHS: 15 USD and 1,500 KES.
    const authorized = await pay(t.api, merchantKey, {
      payer_participant_id: payerId,
      amount: '200.00',
      currency: 'GHS',
      capture_method: 'manual',
    });
    expect(authorized.amount_captured).toBe('0.00');
    const tooMuch = await t.api.post(`/v1/payments/${authorized.id}/capture`, merchantKey, { amount: '200.01' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('capture_exceeds_authorized');
    const captured = await t.api.post(`/v1/payments/${authorized.id}/capture`, merchantKey, { amount: '150.00' });
    expect(captured.body).toMatchObject({
      status: 'captured',
      amount: '200.00',
      amount_captured: '150.00',
      payer_amount: '1500.00',
      settlement_amount: '15.00',
    });
    const refundAll = await t.api.post(`/v1/payments/${authorized.id}/refunds`, merchantKey, {}, idempotencyKey());
    expect(refundAll.body).toMatchObject({ amount: '150.00', payer_amount: '1500.00', settlement_amount: '15.00' });
  });

  it('voids an authorized payment, which then never reaches settlement', async () => {
    const authorized = await pay(t.api, merchantKey, {
      payer_participant_id: payerId,
      amount: '50.00',
      currency: 'GHS',
      capture_method: 'manual',
    });
    const voided = await t.api.post(`/v1/payments/${authorized.id}/void`, merchantKey);
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', window_id: null });
  });

  it('refunds in parts, never more than was captured, and the last part takes exactly what is left', async () => {
    // 100 GHS = 10 USD = 1,000 KES principal. Refund 33.33 GHS: 1,000 × 33.33/100 = 333.30 KES and
    // 10 × 33.33/100 = 3.333 → 3.33 USD; then the remaining 66.67 GHS takes 666.70 KES and 6.67 USD.
    const payment = await pay(t.api, merchantKey, { payer_participant_id: payerId, amount: '100.00', currency: 'GHS' });
    const first = await t.api.post(
      `/v1/payments/${payment.id}/refunds`,
      merchantKey,
      { amount: '33.33', reason: 'one item returned' },
      idempotencyKey(),
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: '33.33', payer_amount: '333.30', settlement_amount: '3.33', status: 'pending' });
    const rest = await t.api.post(`/v1/payments/${payment.id}/refunds`, merchantKey, {}, idempotencyKey());
    expect(rest.body).toMatchObject({ amount: '66.67', payer_amount: '666.70', settlement_amount: '6.67' });
    const tooMuch = await t.api.post(`/v1/payments/${payment.id}/refunds`, merchantKey, { amount: '0.01' }, idempotencyKey());
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('refund_exceeds_captured');
    const after = await t.api.get(`/v1/payments/${payment.id}`, merchantKey);
    expect(after.body.amount_refunded).toBe('100.00');
    const refunds = await t.api.get(`/v1/payments/${payment.id}/refunds`, merchantKey);
    expect(refunds.body.data).toHaveLength(2);
  });

  it('lists newest first with cursor pagination and filters', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      made.push(
        (
          await pay(t.api, r.keyOf('C-SHOP'), {
            payer_participant_id: r.participant.get('B-BANK')!.id,
            amount: `${1000 + i}.00`,
            currency: 'NGN',
          })
        ).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/payments?merchant_id=${r.merchant.get('C-SHOP')!.id}&limit=2${cursor ? `&starting_after=${cursor}` : ''}`;
      const page = (await t.api.get(query, t.operatorKey)).body as Schemas['PaymentList'];
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((p) => p.id));
      cursor = page.has_more ? page.next_cursor : null;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const authorized = (await t.api.get('/v1/payments?status=authorized', t.operatorKey)).body as Schemas['PaymentList'];
    expect(authorized.data.every((p) => p.status === 'authorized')).toBe(true);
  });

  it('settles captured payments and refunds when the window closes, and leaves voided ones alone', async () => {
    const open = (await t.api.get(`/v1/settlement-windows?status=open&region_id=${r.regionId}`, t.operatorKey))
      .body as Schemas['SettlementWindowList'];
    const closed = await t.api.post(`/v1/settlement-windows/${open.data[0]!.id}/close`, t.operatorKey);
    expect(closed.body.status).toBe('settled');
    const all = (await t.api.get(`/v1/payments?limit=100&region_id=${r.regionId}`, t.operatorKey)).body as Schemas['PaymentList'];
    const statuses = new Set(all.data.map((p) => p.status));
    expect([...statuses].sort()).toEqual(['settled', 'voided']);
    const verification = (await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification'];
    expect(verification.ok).toBe(true);
    expect(verification.balances.every((b) => Number(b.total) === 0)).toBe(true);
  });

  it('refunds a settled payment into the next window', async () => {
    const settledPayments = ((await t.api.get('/v1/payments?status=settled', merchantKey)).body as Schemas['PaymentList']).data;
    const settled = settledPayments.find((p) => p.amount_refunded === '0.00')!;
    const refund = await t.api.post(`/v1/payments/${settled.id}/refunds`, merchantKey, { amount: '1.00' }, idempotencyKey());
    expect(refund.status).toBe(201);
    expect(refund.body.window_id).not.toBe(settled.window_id);
  });
});
