import type { Schemas } from '../../src/adapters/http/openapi-document';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';
import { expectProblem } from '../support/problems';

/**
 * Each API key sees only its own. Region one holds, with central banks A, B, C each over one bank
 * (A-BANK…) and one shop (A-SHOP…):
 *   toB   A-BANK pays B-SHOP     toC   B-BANK pays C-SHOP
 *   toA   C-BANK pays A-SHOP (partly refunded)     heldForA   B-BANK pays A-SHOP, authorized, not captured
 * Its first window is then closed, and settles in full. Region two, a copy with its own keys, holds one payment.
 */
/** Enough prefunding that every central bank covers its net debit, so the window settles whole. */
const WELL_FUNDED = { A: '1000.00', B: '1000.00', C: '1000.00' };

describe.each(MODES)('access by API key (%s)', (mode) => {
  let t: TestApp;
  let one: ReturnType<typeof regionIndex>;
  let two: ReturnType<typeof regionIndex>;
  let settledWindow: Schemas['SettlementWindow'];
  const p = {} as Record<'toB' | 'toC' | 'toA' | 'heldForA' | 'inRegionTwo', Schemas['Payment']>;

  beforeAll(async () => {
    t = await startTestApp(mode);
    const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion(WELL_FUNDED));
    one = regionIndex(loaded);
    two = regionIndex(await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(WELL_FUNDED), name: 'Second three-party region' }));
    const bank = (code: string) => one.participant.get(code)!.id;

    p.toB = await pay(t.api, one.keyOf('B-SHOP'), { payer_participant_id: bank('A-BANK'), amount: '2000.00', currency: 'GHS' });
    p.toC = await pay(t.api, one.keyOf('C-SHOP'), { payer_participant_id: bank('B-BANK'), amount: '150000.00', currency: 'NGN' });
    p.toA = await pay(t.api, one.keyOf('A-SHOP'), { payer_participant_id: bank('C-BANK'), amount: '17500.00', currency: 'KES' });
    const refund = await t.api.post(`/v1/payments/${p.toA.id}/refunds`, one.keyOf('A-SHOP'), { amount: '500.00' }, idempotencyKey());
    expect(refund.status).toBe(201);
    p.heldForA = await pay(t.api, one.keyOf('A-SHOP'), {
      payer_participant_id: bank('B-BANK'),
      amount: '3000.00',
      currency: 'KES',
      capture_method: 'manual',
    });
    p.inRegionTwo = await pay(t.api, two.keyOf('B-SHOP'), {
      payer_participant_id: two.participant.get('A-BANK')!.id,
      amount: '100.00',
      currency: 'GHS',
    });

    const closed = await t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey);
    expect(closed.status).toBe(200);
    settledWindow = closed.body as Schemas['SettlementWindow'];
    expect(settledWindow).toMatchObject({ status: 'settled', unwound_payment_ids: [] });
  });

  afterAll(() => t.close());

  /** The payments a key lists, by their names in this file. */
  async function visiblePayments(key: string): Promise<string[]> {
    const res = await t.api.get('/v1/payments?limit=100', key);
    expect(res.status).toBe(200);
    const nameOf = new Map(Object.entries(p).map(([name, payment]) => [payment.id, name]));
    return (res.body as Schemas['PaymentList']).data.map((payment) => nameOf.get(payment.id) ?? payment.id).sort();
  }

  /** The payment as the platform operator sees it now. */
  async function current(payment: Schemas['Payment']): Promise<Schemas['Payment']> {
    return (await t.api.get(`/v1/payments/${payment.id}`, t.operatorKey)).body as Schemas['Payment'];
  }

  describe('merchant keys', () => {
    it('list only their own payments', async () => {
      expect(await visiblePayments(one.keyOf('A-SHOP'))).toEqual(['heldForA', 'toA']);
      expect(await visiblePayments(one.keyOf('B-SHOP'))).toEqual(['toB']);
    });

    it("get 404, not 403, for another merchant's payment", async () => {
      expectProblem(await t.api.get(`/v1/payments/${p.toA.id}`, one.keyOf('B-SHOP')), 404, 'not_found');
    });

    it("get 404 for another merchant's refunds, and cannot refund its payment", async () => {
      const shopB = one.keyOf('B-SHOP');
      expectProblem(await t.api.get(`/v1/payments/${p.toA.id}/refunds`, shopB), 404, 'not_found');
      expectProblem(await t.api.post(`/v1/payments/${p.toA.id}/refunds`, shopB, { amount: '1.00' }, idempotencyKey()), 404, 'not_found');
      expect((await current(p.toA)).amount_refunded).toBe('500.00');
    });

    it.each(['capture', 'void'])("get 404 when they %s another merchant's payment, which stays authorized", async (action) => {
      const res = await t.api.post(`/v1/payments/${p.heldForA.id}/${action}`, one.keyOf('B-SHOP'));
      expectProblem(res, 404, 'not_found');
      expect((await current(p.heldForA)).status).toBe('authorized');
    });

    it('cannot quote or take a payment for another merchant (reference_not_found on merchant_id)', async () => {
      const forShopB = {
        merchant_id: one.merchant.get('B-SHOP')!.id,
        payer_participant_id: one.participant.get('C-BANK')!.id,
        amount: '100.00',
        currency: 'GHS',
      };
      const before = await visiblePayments(t.operatorKey);

      expectProblem(await t.api.post('/v1/quotes', one.keyOf('A-SHOP'), forShopB), 404, 'reference_not_found', 'merchant_id');
      expectProblem(
        await t.api.post('/v1/payments', one.keyOf('A-SHOP'), forShopB, idempotencyKey()),
        404,
        'reference_not_found',
        'merchant_id',
      );
      expect(await visiblePayments(t.operatorKey)).toEqual(before);
    });

    it('may not load a region, close a window or verify the ledger (403 forbidden)', async () => {
      const shopA = one.keyOf('A-SHOP');
      const open = (await t.api.get('/v1/settlement-windows?status=open', shopA)).body as Schemas['SettlementWindowList'];

      expectProblem(await t.api.post('/v1/regions', shopA, { ...threePartyRegion(), name: 'Loaded by a shop' }), 403, 'forbidden');
      expectProblem(await t.api.post(`/v1/settlement-windows/${open.data[0]!.id}/close`, shopA), 403, 'forbidden');
      expectProblem(await t.api.get('/v1/ledger/verify', shopA), 403, 'forbidden');
      const regions = (await t.api.get('/v1/regions', t.operatorKey)).body as Schemas['RegionList'];
      expect(regions.data).toHaveLength(2);
    });
  });

  describe('participant keys', () => {
    it('see the payments they pay or acquire, and no others', async () => {
      // A-BANK pays toB and acquires A-SHOP's; B-BANK pays toC and heldForA and acquires toB.
      expect(await visiblePayments(one.keyOf('A-BANK'))).toEqual(['heldForA', 'toA', 'toB']);
      expect(await visiblePayments(one.keyOf('B-BANK'))).toEqual(['heldForA', 'toB', 'toC']);
      expectProblem(await t.api.get(`/v1/payments/${p.toC.id}`, one.keyOf('A-BANK')), 404, 'not_found');
    });
  });

  describe('central bank keys', () => {
    it('see the payments on either side of them, and no others', async () => {
      // C pays toA (through C-BANK) and receives toC (for C-SHOP).
      expect(await visiblePayments(one.keyOf('C'))).toEqual(['toA', 'toC']);
      expectProblem(await t.api.get(`/v1/payments/${p.toB.id}`, one.keyOf('C')), 404, 'not_found');
    });

    it("see only their own regional position and their own participants' positions", async () => {
      const mine = (await t.api.get(`/v1/settlement-windows/${settledWindow.id}/positions`, one.keyOf('A')))
        .body as Schemas['WindowPositions'];
      const all = (await t.api.get(`/v1/settlement-windows/${settledWindow.id}/positions`, t.operatorKey))
        .body as Schemas['WindowPositions'];

      expect(mine.central_banks.map((b) => b.central_bank_code)).toEqual(['A']);
      expect(mine.participants.map((b) => b.participant_code)).toEqual(['A-BANK']);
      expect(all.central_banks.map((b) => b.central_bank_code).sort()).toEqual(['A', 'B', 'C']);
      expect(all.participants.map((b) => b.participant_code).sort()).toEqual(['A-BANK', 'B-BANK', 'C-BANK']);
    });
  });

  it("a participant's key reads only its own position in a window", async () => {
    const mine = (await t.api.get(`/v1/settlement-windows/${settledWindow.id}/positions`, one.keyOf('A-BANK')))
      .body as Schemas['WindowPositions'];
    expect(mine.central_banks).toEqual([]);
    expect(mine.participants.map((b) => b.participant_code)).toEqual(['A-BANK']);
  });

  it("a merchant's key may not read a window's positions (403 forbidden)", async () => {
    const res = await t.api.get(`/v1/settlement-windows/${settledWindow.id}/positions`, one.keyOf('A-SHOP'));
    expectProblem(res, 403, 'forbidden');
  });

  describe('operator keys', () => {
    it("a region's operator sees all of its region and nothing of another region", async () => {
      expect(await visiblePayments(one.operatorKey)).toEqual(['heldForA', 'toA', 'toB', 'toC']);
      expectProblem(await t.api.get(`/v1/payments/${p.inRegionTwo.id}`, one.operatorKey), 404, 'not_found');
      const regions = (await t.api.get('/v1/regions', one.operatorKey)).body as Schemas['RegionList'];
      expect(regions.data.map((r) => r.name)).toEqual(['Three-party example']);
    });

    it('the platform operator sees both regions', async () => {
      expect(await visiblePayments(t.operatorKey)).toEqual(['heldForA', 'inRegionTwo', 'toA', 'toB', 'toC']);
      const regions = (await t.api.get('/v1/regions', t.operatorKey)).body as Schemas['RegionList'];
      expect(regions.data.map((r) => r.name).sort()).toEqual(['Second three-party region', 'Three-party example']);
    });
  });
});
