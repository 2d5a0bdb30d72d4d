import type { Schemas } from '../../src/adapters/http/openapi-document';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { expectProblem } from '../support/problems';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

type Model = Schemas['SettlementModelDefinition'];

/**
 * Each region chooses how its windows settle; the close runs the netting laboratory's engine under that
 * rule. DESIGN's example (A→B 200, B→C 150, C→A 175 USD; balances A 25, B 0, C 25) tells them apart:
 * multilateral netting covers every net debit; gross FIFO is gridlocked (200 > 25, 150 > 0, 175 > 25);
 * the LSM resolves the gridlock; bilateral netting leaves each pair gross, which no debtor can pay.
 */
describe.each(MODES)('settlement rules per region (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(mode);
  });
  afterAll(() => t.close());

  async function closeExample(name: string, model: Model) {
    const loaded = await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name, settlement_model: model });
    const r = regionIndex(loaded);
    const payments = [
      await pay(t.api, r.keyOf('B-SHOP'), { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '2000.00', currency: 'GHS' }),
      await pay(t.api, r.keyOf('C-SHOP'), { payer_participant_id: r.participant.get('B-BANK')!.id, amount: '150000.00', currency: 'NGN' }),
      await pay(t.api, r.keyOf('A-SHOP'), { payer_participant_id: r.participant.get('C-BANK')!.id, amount: '17500.00', currency: 'KES' }),
    ];
    const window = (await t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey))
      .body as Schemas['SettlementWindow'];
    const statuses = [];
    for (const p of payments) statuses.push(((await t.api.get(`/v1/payments/${p.id}`, t.operatorKey)).body as Schemas['Payment']).status);
    return { loaded, r, payments, window, statuses };
  }

  it('shows the region its settlement model, defaults filled in', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'LSM model', settlement_model: { rule: 'lsm' } });
    expect(loaded.region.settlement_model).toEqual({
      rule: 'lsm',
      shortfall_policy: 'unwind',
      queue: 'fifo',
      gridlock: 'fifo-exact',
      lsm_interval_seconds: 60,
    });
  });

  it('settles everything under the LSM, which resolves the gridlock', async () => {
    const { window, statuses } = await closeExample('LSM region', {
      rule: 'lsm',
      queue: 'fifo',
      gridlock: 'fifo-exact',
      lsm_interval_seconds: 30,
    });
    expect(window.settlement_rule).toMatch(/^LSM/);
    expect(statuses).toEqual(['settled', 'settled', 'settled']);
    expect(window.totals).toMatchObject({ gross: '525.00', multilateral_net: '50.00' });
  });

  it('carries the gridlocked payments of a gross FIFO region over to the next window', async () => {
    const { window, payments, statuses, r } = await closeExample('Gross region', {
      rule: 'gross',
      queue: 'fifo',
      shortfall_policy: 'carry-over',
    });
    expect(window.status).toBe('settled');
    expect(statuses).toEqual(['captured', 'captured', 'captured']);
    expect([...window.carried_over_payment_ids].sort()).toEqual(payments.map((p) => p.id).sort());
    expect(window.totals).toMatchObject({ gross: '0.00' });
    const next = (
      (await t.api.get(`/v1/settlement-windows?region_id=${r.regionId}&status=open`, t.operatorKey)).body as Schemas['SettlementWindowList']
    ).data[0]!;
    expect(next.obligation_count).toBe(9);
    const moved = (await t.api.get(`/v1/payments/${payments[0]!.id}`, t.operatorKey)).body as Schemas['Payment'];
    expect(moved.window_id).toBe(next.id);
  });

  it('fails every payment of a bilateral region whose pairs cannot pay gross, under unwind', async () => {
    const { window, statuses } = await closeExample('Bilateral region', { rule: 'bilateral', shortfall_policy: 'unwind' });
    expect(statuses).toEqual(['failed', 'failed', 'failed']);
    expect(window.unwound_payment_ids).toHaveLength(3);
    const verification = (await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification'];
    expect(verification.ok).toBe(true);
  });

  it('refuses largest-feasible for a gross region: it applies to netting rules', async () => {
    const res = await t.api.post('/v1/regions', t.operatorKey, {
      ...threePartyRegion(),
      name: 'Bad model',
      settlement_model: { rule: 'gross', shortfall_policy: 'largest-feasible' },
    });
    expectProblem(res, 422, 'validation_failed', 'settlement_model.shortfall_policy');
  });
});
