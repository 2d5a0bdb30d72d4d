import type { Schemas } from '../../src/adapters/http/openapi-document';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Several closers on one window at once (a manual close racing the scheduler, or two operators): the
 * window's row lock and its state checks let exactly one of them take each step, so it settles once.
 */
describe('concurrent closes of one window (postgres)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('postgres');
  });
  afterAll(() => t.close());

  it('settles the window exactly once and posts one settlement entry', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion());
    const r = regionIndex(loaded);
    await pay(t.api, r.keyOf('B-SHOP'), { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '2000.00', currency: 'GHS' });
    await pay(t.api, r.keyOf('C-SHOP'), { payer_participant_id: r.participant.get('B-BANK')!.id, amount: '150000.00', currency: 'NGN' });
    await pay(t.api, r.keyOf('A-SHOP'), { payer_participant_id: r.participant.get('C-BANK')!.id, amount: '17500.00', currency: 'KES' });

    const closes = await Promise.all(
      Array.from({ length: 6 }, () => t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey)),
    );
    // Each caller either saw the window through to settled or found it already settled.
    for (const res of closes) expect([200, 409]).toContain(res.status);
    expect(closes.some((res) => res.status === 200)).toBe(true);

    const entries = await t.sql(`SELECT id FROM journal_entries WHERE kind = 'settlement' AND reference = $1`, [
      loaded.settlement_window.id,
    ]);
    // one regional entry and one domestic entry per local currency (KES, GHS, NGN)
    expect(entries.map((e) => e.id).sort()).toEqual(
      [
        `je_${loaded.settlement_window.id}_domestic_GHS`,
        `je_${loaded.settlement_window.id}_domestic_KES`,
        `je_${loaded.settlement_window.id}_domestic_NGN`,
        `je_${loaded.settlement_window.id}_regional`,
      ].sort(),
    );
    const windows = (await t.api.get(`/v1/settlement-windows?region_id=${r.regionId}`, t.operatorKey))
      .body as Schemas['SettlementWindowList'];
    expect(windows.data.map((w) => `${w.number}:${w.status}`)).toEqual(['2:open', '1:settled']);
    const banks = (await t.api.get(`/v1/central-banks?region_id=${r.regionId}`, t.operatorKey)).body as Schemas['CentralBankList'];
    expect(Object.fromEntries(banks.data.map((b) => [b.code, b.prefunded_balance]))).toEqual({ A: '0.00', B: '50.00', C: '0.00' });
  });
});
