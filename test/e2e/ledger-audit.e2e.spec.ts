import type { Schemas } from '../../src/adapters/http/openapi-document';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { startTestApp, type TestApp } from '../support/test-app';

/** The journal is hash-chained: changing any stored posting is found, at the entry that was changed. */
describe('ledger verification (postgres)', () => {
  let t: TestApp;
  let merchantKey: string;

  beforeAll(async () => {
    t = await startTestApp('postgres');
    const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '500.00', B: '500.00', C: '500.00' }));
    const r = regionIndex(loaded);
    merchantKey = r.keyOf('B-SHOP');
    await pay(t.api, r.keyOf('B-SHOP'), { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '2000.00', currency: 'GHS' });
    await t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey);
  });
  afterAll(() => t.close());

  it('verifies an untouched journal: every entry links, and balances sum to zero per currency', async () => {
    const res = await t.api.get('/v1/ledger/verify', t.operatorKey);
    const verification = res.body as Schemas['LedgerVerification'];
    // prefunding, then the window's regional entry and one domestic entry per local currency (KES, GHS).
    expect(verification).toMatchObject({ ok: true, entries_checked: 4, last_sequence: '4', first_invalid: null });
    expect(verification.balances).toEqual([
      { currency: 'GHS', total: '0.00' },
      { currency: 'KES', total: '0.00' },
      { currency: 'USD', total: '0.00' },
    ]);
  });

  it('pinpoints the first altered entry when a settled posting is changed in the database', async () => {
    const [entry] = await t.sql(
      `SELECT sequence::text AS sequence, id FROM journal_entries WHERE kind = 'settlement' ORDER BY sequence LIMIT 1`,
    );
    await t.sql(`UPDATE postings SET amount = amount + 1 WHERE entry_sequence = $1 AND line = 0`, [entry!.sequence]);
    const verification = (await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification'];
    expect(verification.ok).toBe(false);
    expect(verification.first_invalid).toEqual({ sequence: entry!.sequence, entry_id: entry!.id, reason: 'hash_mismatch' });
  });

  it('is for operators only', async () => {
    const res = await t.api.get('/v1/ledger/verify', merchantKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });
});
