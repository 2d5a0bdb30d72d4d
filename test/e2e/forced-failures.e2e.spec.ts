import type { Schemas } from '../../src/adapters/http/openapi-document';
import { expectProblem } from '../support/problems';
import { idempotencyKey, loadRegion, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/** Every test value of docs/testing.md forces the failure it names, through the public API. */
describe.each(MODES)('forced failures (%s)', (mode) => {
  let t: TestApp;
  let r: ReturnType<typeof regionIndex>;
  let shop: string;

  beforeAll(async () => {
    t = await startTestApp(mode);
    r = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '1000.00', B: '1000.00', C: '1000.00' })));
    shop = r.keyOf('B-SHOP');
  });
  afterAll(() => t.close());

  const order = (reference: string) => ({
    payer_participant_id: r.participant.get('A-BANK')!.id,
    amount: '100.00',
    currency: 'GHS',
    reference,
  });

  it.each([
    ['force_insufficient_funds', 'insufficient_funds'],
    ['force_net_debit_cap', 'net_debit_cap_reached'],
  ])('%s creates a declined payment saying why, with a payment.declined event', async (reference, code) => {
    const res = await t.api.post('/v1/payments', shop, order(reference), idempotencyKey());
    expect(res.status).toBe(201);
    const payment = res.body as Schemas['Payment'];
    expect(payment).toMatchObject({ status: 'declined', window_id: null, failure: { code } });
    const events = (await t.api.get('/v1/events?type=payment.declined', shop)).body as Schemas['EventList'];
    expect(events.data.some((e) => (e.data.object as { id?: string }).id === payment.id)).toBe(true);
  });

  it.each([
    ['force_participant_unavailable', 503, 'participant_unavailable'],
    ['force_participant_timeout', 504, 'participant_timeout'],
    ['force_fx_unavailable', 422, 'fx_rate_unavailable'],
  ])('%s refuses the payment and the quote with %i %s, storing nothing', async (reference, status, code) => {
    const before = ((await t.api.get('/v1/payments?limit=100', t.operatorKey)).body as Schemas['PaymentList']).data.length;
    expectProblem(await t.api.post('/v1/payments', shop, order(reference), idempotencyKey()), status, code);
    expectProblem(await t.api.post('/v1/quotes', shop, order(reference)), status, code);
    const after = ((await t.api.get('/v1/payments?limit=100', t.operatorKey)).body as Schemas['PaymentList']).data.length;
    expect(after).toBe(before);
  });

  it('force_quote_expired creates a quote that is already expired', async () => {
    const quote = (await t.api.post('/v1/quotes', shop, order('force_quote_expired'))).body as Schemas['Quote'];
    expect(quote.expires_at).toBe(quote.created_at);
    expectProblem(await t.api.post('/v1/payments', shop, { quote_id: quote.id }, idempotencyKey()), 422, 'quote_expired', 'quote_id');
  });

  it('force_settlement_unwound captures the payment and fails it when its window closes', async () => {
    const payment = (await t.api.post('/v1/payments', shop, order('force_settlement_unwound'), idempotencyKey()))
      .body as Schemas['Payment'];
    expect(payment.status).toBe('captured');
    const ordinary = (await t.api.post('/v1/payments', shop, order('order-7'), idempotencyKey())).body as Schemas['Payment'];
    const window = (await t.api.post(`/v1/settlement-windows/${payment.window_id}/close`, t.operatorKey))
      .body as Schemas['SettlementWindow'];
    expect(window.unwound_payment_ids).toContain(payment.id);
    const after = (await t.api.get(`/v1/payments/${payment.id}`, shop)).body as Schemas['Payment'];
    expect(after).toMatchObject({ status: 'failed', failure: { code: 'settlement_unwound' } });
    // The rest of the window settles as usual.
    expect(((await t.api.get(`/v1/payments/${ordinary.id}`, shop)).body as Schemas['Payment']).status).toBe('settled');
  });

  it('a webhook endpoint at fail.corridor.test fails every delivery, which is retried and logged', async () => {
    const endpoint = (
      await t.api.post('/v1/webhook-endpoints', shop, { url: 'https://fail.corridor.test/hooks', enabled_events: ['payment.captured'] })
    ).body as Schemas['WebhookEndpoint'];
    await t.api.post('/v1/payments', shop, order('order-hook'), idempotencyKey());
    const deadline = Date.now() + 20_000;
    let delivery: Schemas['WebhookDelivery'] | undefined;
    while (Date.now() < deadline) {
      const page = (await t.api.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, shop)).body as Schemas['WebhookDeliveryList'];
      delivery = page.data[0];
      if (delivery && delivery.attempts.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(delivery!.status).not.toBe('succeeded');
    expect(delivery!.attempts.length).toBeGreaterThanOrEqual(2);
    expect(delivery!.attempts.every((a) => a.status_code === 500)).toBe(true);
  });
});
