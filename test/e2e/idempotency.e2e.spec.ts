import type { Response } from 'supertest';
import type { Schemas } from '../../src/adapters/http/openapi-document';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * DESIGN invariant 5 through the HTTP API: the same Idempotency-Key with the same request returns the
 * same result and nothing happens twice; with a different request, a clear conflict.
 */
describe.each(MODES)('idempotency (%s)', (mode) => {
  let t: TestApp;
  let region: ReturnType<typeof regionIndex>;
  let shopA: string;

  beforeAll(async () => {
    t = await startTestApp(mode);
    region = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion()));
    shopA = region.keyOf('A-SHOP');
  });

  afterAll(() => t.close());

  /** A payment to A-SHOP from C-BANK; `reference` tells the payments of one test apart from the others'. */
  const order = (reference: string, amount = '100.00') => ({
    payer_participant_id: region.participant.get('C-BANK')!.id,
    amount,
    currency: 'KES',
    reference,
  });

  /** The stored payments carrying `reference`, as the operator lists them. */
  async function paymentsWith(reference: string): Promise<Schemas['Payment'][]> {
    const res = await t.api.get('/v1/payments?limit=100', t.operatorKey);
    return (res.body as Schemas['PaymentList']).data.filter((p) => p.reference === reference);
  }

  async function openWindowObligations(): Promise<number> {
    const res = await t.api.get('/v1/settlement-windows?status=open', region.operatorKey);
    return (res.body as Schemas['SettlementWindowList']).data[0]!.obligation_count;
  }

  const replayed = (res: Response) => res.headers['idempotent-replayed'];

  it('replays the same status and body for the same key and body, storing one payment', async () => {
    const key = idempotencyKey();
    const first = await t.api.post('/v1/payments', shopA, order('replay'), key);
    const second = await t.api.post('/v1/payments', shopA, order('replay'), key);

    expect(first.status).toBe(201);
    expect(replayed(first)).toBeUndefined();
    expect(second.status).toBe(201);
    expect(replayed(second)).toBe('true');
    expect(second.body).toEqual(first.body);
    expect((await paymentsWith('replay')).map((p) => p.id)).toEqual([(first.body as Schemas['Payment']).id]);
  });

  it('answers 409 idempotency_key_conflict for the same key with a different body, and stores nothing', async () => {
    const key = idempotencyKey();
    expect((await t.api.post('/v1/payments', shopA, order('conflict', '100.00'), key)).status).toBe(201);

    const res = await t.api.post('/v1/payments', shopA, order('conflict', '200.00'), key);

    expect({ status: res.status, code: (res.body as Schemas['Problem']).code }).toEqual({ status: 409, code: 'idempotency_key_conflict' });
    expect((await paymentsWith('conflict')).map((p) => p.amount)).toEqual(['100.00']);
  });

  it('keeps the keys of two API keys apart: one key sent by two merchants makes two payments', async () => {
    const key = idempotencyKey();
    const fromA = await t.api.post('/v1/payments', shopA, order('two callers'), key);
    const fromB = await t.api.post(
      '/v1/payments',
      region.keyOf('B-SHOP'),
      { payer_participant_id: region.participant.get('C-BANK')!.id, amount: '10.00', currency: 'GHS', reference: 'two callers' },
      key,
    );

    expect([fromA.status, fromB.status]).toEqual([201, 201]);
    expect([replayed(fromA), replayed(fromB)]).toEqual([undefined, undefined]);
    const stored = await paymentsWith('two callers');
    expect(stored.map((p) => p.merchant_id).sort()).toEqual([region.merchant.get('A-SHOP')!.id, region.merchant.get('B-SHOP')!.id].sort());
  });

  it('treats a body with its fields in another order as the same request', async () => {
    const key = idempotencyKey();
    const { payer_participant_id, amount, currency, reference } = order('field order');
    const first = await t.api.post('/v1/payments', shopA, JSON.stringify({ payer_participant_id, amount, currency, reference }), key);
    const second = await t.api.post('/v1/payments', shopA, JSON.stringify({ reference, currency, amount, payer_participant_id }), key);

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(replayed(second)).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await paymentsWith('field order')).toHaveLength(1);
  });

  it('answers 10 concurrent duplicates with one payment, the same id in all 10 answers, all 201', async () => {
    // What one payment adds to the open window, to compare the duplicates against.
    const beforeOne = await openWindowObligations();
    await pay(t.api, shopA, order('concurrent, calibration'));
    const obligationsOfOnePayment = (await openWindowObligations()) - beforeOne;

    const key = idempotencyKey();
    const before = await openWindowObligations();
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.api.post('/v1/payments', shopA, order('concurrent'), key)));

    expect(answers.map((res) => res.status)).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((res) => (res.body as Schemas['Payment']).id));
    expect(ids.size).toBe(1);
    expect((await paymentsWith('concurrent')).map((p) => p.id)).toEqual([...ids]);
    expect((await openWindowObligations()) - before).toBe(obligationsOfOnePayment);
  });

  it('refunds once for a refund sent twice with one key, counting its amount once', async () => {
    const payment = await pay(t.api, shopA, order('refund twice', '1000.00'));
    const key = idempotencyKey();
    const first = await t.api.post(`/v1/payments/${payment.id}/refunds`, shopA, { amount: '250.00', reason: 'One item out of stock' }, key);
    const second = await t.api.post(
      `/v1/payments/${payment.id}/refunds`,
      shopA,
      { amount: '250.00', reason: 'One item out of stock' },
      key,
    );

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(replayed(second)).toBe('true');
    expect(second.body).toEqual(first.body);
    const refunds = (await t.api.get(`/v1/payments/${payment.id}/refunds`, shopA)).body as Schemas['RefundList'];
    expect(refunds.data.map((r) => r.id)).toEqual([(first.body as Schemas['Refund']).id]);
    const after = (await t.api.get(`/v1/payments/${payment.id}`, shopA)).body as Schemas['Payment'];
    expect(after.amount_refunded).toBe('250.00');
  });

  it('replays a capture sent again with its optional key instead of refusing a second capture', async () => {
    const payment = await pay(t.api, shopA, { ...order('capture twice'), capture_method: 'manual' });
    const key = idempotencyKey();
    const first = await t.api.post(`/v1/payments/${payment.id}/capture`, shopA, undefined, key);
    const second = await t.api.post(`/v1/payments/${payment.id}/capture`, shopA, undefined, key);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect((first.body as Schemas['Payment']).status).toBe('captured');
    expect(replayed(second)).toBe('true');
    expect(second.body).toEqual(first.body);
  });

  it('replays the first answer when it was a business-rule error, even once the rule would pass', async () => {
    const payment = (await t.api.post('/v1/payments', shopA, order('error-replay', '100.00'), idempotencyKey())).body as Schemas['Payment'];
    const key = idempotencyKey();
    const tooMuch = await t.api.post(`/v1/payments/${payment.id}/refunds`, shopA, { amount: '150.00' }, key);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('refund_exceeds_captured');

    const again = await t.api.post(`/v1/payments/${payment.id}/refunds`, shopA, { amount: '150.00' }, key);
    expect(again.status).toBe(422);
    expect(replayed(again)).toBe('true');
    expect(again.body).toMatchObject({ code: 'refund_exceeds_captured', detail: tooMuch.body.detail, errors: tooMuch.body.errors });
    const refunds = await t.api.get(`/v1/payments/${payment.id}/refunds`, shopA);
    expect(refunds.body.data).toEqual([]);
  });

  it('does not record a request refused by validation, so the corrected request can use the same key', async () => {
    const key = idempotencyKey();
    const invalid = await t.api.post('/v1/payments', shopA, { ...order('fixed-after-validation'), amount: 'ten' }, key);
    expect(invalid.status).toBe(422);
    const fixed = await t.api.post('/v1/payments', shopA, order('fixed-after-validation'), key);
    expect(fixed.status).toBe(201);
    expect(replayed(fixed)).toBeUndefined();
  });
});
