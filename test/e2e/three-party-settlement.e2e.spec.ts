import type { Schemas } from '../../src/adapters/http/openapi-document';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * DESIGN.md's worked example through the HTTP API: payments A→B 200, B→C 150, C→A 175 (in USD).
 *   N_A = 175 − 200 = −25;  N_B = 200 − 150 = +50;  N_C = 150 − 175 = −25;  Σ N = 0
 *   gross G = 525; multilateral net M = ½ Σ|N| = 50; netting efficiency 1 − 50/525 = 0.904762
 * With opening balances A = 25, B = 0, C = 25 every debtor covers its net debit exactly: all settle,
 * ending A 0, B 50, C 0.
 */
describe.each(MODES)('three-party settlement window (%s)', (mode) => {
  let t: TestApp;
  let window: Schemas['SettlementWindow'];
  let positions: Schemas['WindowPositions'];
  let region: ReturnType<typeof regionIndex>;

  beforeAll(async () => {
    t = await startTestApp(mode);
    const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion());
    region = regionIndex(loaded);
    const { participant, merchant } = region;
    // Merchant amounts in their own currency: 2,000 GHS = 200 USD; 150,000 NGN = 150 USD; 17,500 KES = 175 USD.
    await pay(t.api, region.keyOf('B-SHOP'), { payer_participant_id: participant.get('A-BANK')!.id, amount: '2000.00', currency: 'GHS' });
    await pay(t.api, region.keyOf('C-SHOP'), { payer_participant_id: participant.get('B-BANK')!.id, amount: '150000.00', currency: 'NGN' });
    await pay(t.api, region.keyOf('A-SHOP'), { payer_participant_id: participant.get('C-BANK')!.id, amount: '17500.00', currency: 'KES' });
    expect(merchant.size).toBe(3);

    const closed = await t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey);
    expect(closed.status).toBe(200);
    window = closed.body as Schemas['SettlementWindow'];
    positions = (await t.api.get(`/v1/settlement-windows/${window.id}/positions`, t.operatorKey)).body as Schemas['WindowPositions'];
  });

  afterAll(() => t.close());

  it('nets the central banks to −25, +50, −25 in the settlement asset', () => {
    const net = Object.fromEntries(positions.central_banks.map((p) => [p.central_bank_code, p.net]));
    expect(net).toEqual({ A: '-25.00', B: '50.00', C: '-25.00' });
    expect(positions.central_banks.every((p) => p.currency === 'USD')).toBe(true);
  });

  it('reports gross 525, multilateral net 50 and 90.4762 % netting efficiency', () => {
    expect(window.status).toBe('settled');
    expect(window.totals).toEqual({ gross: '525.00', multilateral_net: '50.00', netting_efficiency: '0.904762' });
    const regional = positions.metrics.find((m) => m.tier === 'regional')!;
    expect(regional).toMatchObject({ gross: '525.00', bilateral_net: '525.00', multilateral_net: '50.00', obligation_count: 3 });
  });

  it('nets each participant against its central bank in local currency', () => {
    const net = Object.fromEntries(positions.participants.map((p) => [p.participant_code, `${p.net} ${p.currency}`]));
    // A-BANK pays 200 USD worth of KES (20,000) and its merchant receives 17,500 KES.
    expect(net).toEqual({ 'A-BANK': '-2500.00 KES', 'B-BANK': '500.00 GHS', 'C-BANK': '-25000.00 NGN' });
  });

  it('moves the prefunded balances to A 0, B 50, C 0 and settles every payment', async () => {
    const banks = (await t.api.get('/v1/central-banks', t.operatorKey)).body as Schemas['CentralBankList'];
    expect(Object.fromEntries(banks.data.map((b) => [b.code, b.prefunded_balance]))).toEqual({ A: '0.00', B: '50.00', C: '0.00' });
    const payments = (await t.api.get(`/v1/payments?window_id=${window.id}`, t.operatorKey)).body as Schemas['PaymentList'];
    expect(payments.data.map((p) => p.status)).toEqual(['settled', 'settled', 'settled']);
  });

  it('leaves a ledger whose hash chain verifies and whose balances sum to zero', async () => {
    const verification = (await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification'];
    expect(verification.ok).toBe(true);
    expect(verification.first_invalid).toBeNull();
    expect(verification.balances.every((b) => Number(b.total) === 0)).toBe(true);
  });

  it('opened the next window when this one closed', async () => {
    const open = (await t.api.get('/v1/settlement-windows?status=open', t.operatorKey)).body as Schemas['SettlementWindowList'];
    expect(open.data.map((w) => w.number)).toEqual([2]);
  });
});
