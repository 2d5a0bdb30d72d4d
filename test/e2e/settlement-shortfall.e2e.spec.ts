import type { Schemas } from '../../src/adapters/http/openapi-document';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * A net debtor short of liquidity at close is unwound: its payments fail and positions are recomputed.
 * Same three payments as DESIGN's example (A→B 200, B→C 150, C→A 175 USD) with A = 24.99, B = 200, C = 25:
 *   round 1: N_A = −25 > 24.99 available → unwind A's payment A→B 200;
 *   then N_A = +175, N_B = −150 (≤ 200), N_C = −25 (≤ 25): everyone covered, B→C and C→A settle.
 */
describe.each(MODES)('a window whose debtor is short of liquidity (%s)', (mode) => {
  let t: TestApp;
  let window: Schemas['SettlementWindow'];
  let payments: Record<string, Schemas['Payment']>;

  beforeAll(async () => {
    t = await startTestApp(mode);
    const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '24.99', B: '200.00', C: '25.00' }));
    const r = regionIndex(loaded);
    payments = {
      AB: await pay(t.api, r.keyOf('B-SHOP'), {
        payer_participant_id: r.participant.get('A-BANK')!.id,
        amount: '2000.00',
        currency: 'GHS',
      }),
      BC: await pay(t.api, r.keyOf('C-SHOP'), {
        payer_participant_id: r.participant.get('B-BANK')!.id,
        amount: '150000.00',
        currency: 'NGN',
      }),
      CA: await pay(t.api, r.keyOf('A-SHOP'), {
        payer_participant_id: r.participant.get('C-BANK')!.id,
        amount: '17500.00',
        currency: 'KES',
      }),
    };
    window = (await t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey))
      .body as Schemas['SettlementWindow'];
  });
  afterAll(() => t.close());

  it('unwinds the short debtor’s payment and settles the rest', async () => {
    expect(window.status).toBe('settled');
    expect(window.unwound_payment_ids).toEqual([payments.AB!.id]);
    const status = async (p: Schemas['Payment']) =>
      ((await t.api.get(`/v1/payments/${p.id}`, t.operatorKey)).body as Schemas['Payment']).status;
    expect(await status(payments.AB!)).toBe('failed');
    expect(await status(payments.BC!)).toBe('settled');
    expect(await status(payments.CA!)).toBe('settled');
    const failed = (await t.api.get(`/v1/payments/${payments.AB!.id}`, t.operatorKey)).body as Schemas['Payment'];
    expect(failed.failure).toEqual({
      code: 'settlement_unwound',
      reason: expect.stringContaining('A owed 25.00 USD net in the window with 24.99 available'),
    });
  });

  it('recomputes positions without the unwound payment', async () => {
    const positions = (await t.api.get(`/v1/settlement-windows/${window.id}/positions`, t.operatorKey)).body as Schemas['WindowPositions'];
    const net = Object.fromEntries(positions.central_banks.map((p) => [p.central_bank_code, p.net]));
    expect(net).toEqual({ A: '175.00', B: '-150.00', C: '-25.00' });
    expect(window.totals).toMatchObject({ gross: '325.00', multilateral_net: '175.00' });
  });

  it('posts only what settled: balances A 199.99, B 50, C 0', async () => {
    const banks = (await t.api.get('/v1/central-banks', t.operatorKey)).body as Schemas['CentralBankList'];
    expect(Object.fromEntries(banks.data.map((b) => [b.code, b.prefunded_balance]))).toEqual({ A: '199.99', B: '50.00', C: '0.00' });
    const verification = (await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification'];
    expect(verification.ok).toBe(true);
  });
});
