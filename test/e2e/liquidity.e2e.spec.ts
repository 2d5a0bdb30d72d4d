import type { Schemas } from '../../src/adapters/http/openapi-document';
import { expectProblem } from '../support/problems';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

type Liquidity = Schemas['CentralBankLiquidity'];
type Funding = Schemas['Funding'];
type Window = Schemas['SettlementWindow'];
type Model = Schemas['SettlementModelDefinition'];

/**
 * Central banks' liquidity on DESIGN's three-party region (A, B, C; KES 100, GHS 10, NGN 1000 per USD;
 * balances A 25, B 0, C 25 USD; caps 1000): two-phase funding, collateral, caps with history, live
 * headroom and its alert, cap enforcement under gross and LSM, and the faults a pilot rehearses.
 */
describe.each(MODES)('liquidity (%s)', (mode) => {
  let t: TestApp;
  let regions = 0;
  beforeAll(async () => {
    t = await startTestApp(mode);
  });
  afterAll(() => t.close());

  async function region(model?: Model) {
    regions += 1;
    const loaded = await loadRegion(t.api, t.operatorKey, {
      ...threePartyRegion(),
      name: `Liquidity ${regions}`,
      ...(model ? { settlement_model: model } : {}),
    });
    const r = regionIndex(loaded);
    const bank = (code: string) => r.bank.get(code)!.id;
    const payer = (code: string) => r.participant.get(`${code}-BANK`)!.id;
    return { loaded, r, bank, payer };
  }

  const liquidity = async (bankId: string, key: string) =>
    (await t.api.get(`/v1/central-banks/${bankId}/liquidity`, key)).body as Liquidity;
  const close = async (windowId: string) => (await t.api.post(`/v1/settlement-windows/${windowId}/close`, t.operatorKey)).body as Window;
  const openWindow = async (regionId: string) =>
    ((await t.api.get(`/v1/settlement-windows?region_id=${regionId}&status=open`, t.operatorKey)).body as Schemas['SettlementWindowList'])
      .data[0]!;
  const paymentStatus = async (id: string) => ((await t.api.get(`/v1/payments/${id}`, t.operatorKey)).body as Schemas['Payment']).status;
  /** A pays B `usd` USD: B's shop charges GHS at 10 per USD. */
  const aPaysB = (s: Awaited<ReturnType<typeof region>>, usd: number) =>
    pay(t.api, s.r.keyOf('B-SHOP'), { payer_participant_id: s.payer('A'), amount: (usd * 10).toFixed(2), currency: 'GHS' });
  const reserve = (bankId: string, key: string, direction: 'prefund' | 'withdraw', amount: string) =>
    t.api.post(`/v1/central-banks/${bankId}/funding`, key, { direction, amount }, idempotencyKey());

  it('prefunds in two phases: the balance moves on commit, once, and the ledger verifies', async () => {
    const s = await region();
    const a = s.bank('A');
    const key = s.r.keyOf('A');
    const reserved = await reserve(a, key, 'prefund', '100.00');
    expect(reserved.status).toBe(201);
    const funding = reserved.body as Funding;
    expect(funding).toMatchObject({ status: 'reserved', direction: 'prefund', amount: '100.00', journal_entry_id: null });
    expect((await liquidity(a, key)).balance).toBe('25.00');

    const committed = await t.api.post(`/v1/funding/${funding.id}/commit`, key);
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ status: 'committed', journal_entry_id: `je_${funding.id}` });
    const again = await t.api.post(`/v1/funding/${funding.id}/commit`, t.operatorKey);
    expect(again.body).toMatchObject({ status: 'committed', committed_at: (committed.body as Funding).committed_at });
    expect((await liquidity(a, key)).balance).toBe('125.00');
    expect(((await t.api.get(`/v1/central-banks/${a}`, key)).body as Schemas['CentralBank']).prefunded_balance).toBe('125.00');
    expectProblem(await t.api.post(`/v1/funding/${funding.id}/abort`, key), 409, 'invalid_funding_state');
    expect(((await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification']).ok).toBe(true);
  });

  it('releases an aborted prefund without moving anything, and keeps the funding out of other central banks', async () => {
    const s = await region();
    const a = s.bank('A');
    const funding = (await reserve(a, s.r.keyOf('A'), 'prefund', '40.00')).body as Funding;
    expect((await t.api.post(`/v1/funding/${funding.id}/abort`, s.r.keyOf('A'))).body).toMatchObject({ status: 'aborted' });
    expect((await t.api.post(`/v1/funding/${funding.id}/abort`, s.r.keyOf('A'))).body).toMatchObject({ status: 'aborted' });
    expectProblem(await t.api.post(`/v1/funding/${funding.id}/commit`, s.r.keyOf('A')), 409, 'invalid_funding_state');
    expect((await liquidity(a, s.r.keyOf('A'))).balance).toBe('25.00');
    expectProblem(await t.api.get(`/v1/funding/${funding.id}`, s.r.keyOf('B')), 404, 'not_found');
    expectProblem(await reserve(a, s.r.keyOf('B'), 'prefund', '1.00'), 404, 'not_found');
    const list = (await t.api.get(`/v1/central-banks/${a}/funding`, t.operatorKey)).body as Schemas['FundingList'];
    expect(list.data.map((f) => f.id)).toEqual([funding.id]);
  });

  it('refuses a withdrawal beyond what the central bank can spare, and reserves the headroom of one it accepts', async () => {
    const s = await region();
    const a = s.bank('A');
    const key = s.r.keyOf('A');
    await aPaysB(s, 10);
    // Balance 25, net debit 10 in the open window: 15 can go.
    expectProblem(await reserve(a, key, 'withdraw', '16.00'), 422, 'insufficient_liquidity');
    const withdrawal = (await reserve(a, key, 'withdraw', '15.00')).body as Funding;
    expect(await liquidity(a, key)).toMatchObject({ reserved_withdrawals: '15.00', available: '10.00', headroom: '0.00' });
    expectProblem(await reserve(a, key, 'withdraw', '1.00'), 422, 'insufficient_liquidity');
    await t.api.post(`/v1/funding/${withdrawal.id}/commit`, key);
    expect(await liquidity(a, key)).toMatchObject({ balance: '10.00', reserved_withdrawals: '0.00', headroom: '0.00' });
    expect(((await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification']).ok).toBe(true);
  });

  it('keeps every net debit cap change with who, why, the old and the new cap; only the operator changes it', async () => {
    const s = await region();
    const a = s.bank('A');
    expectProblem(
      await t.api.put(`/v1/central-banks/${a}/net-debit-cap`, s.r.keyOf('A'), { amount: '1.00', reason: 'mine' }),
      403,
      'forbidden',
    );
    const first = await t.api.put(`/v1/central-banks/${a}/net-debit-cap`, s.r.operatorKey, { amount: '500.00', reason: 'Risk review' });
    expect(first.status).toBe(200);
    await t.api.put(`/v1/central-banks/${a}/net-debit-cap`, s.r.operatorKey, { amount: '300.00', reason: 'Second review' });
    expectProblem(
      await t.api.put(`/v1/central-banks/${a}/net-debit-cap`, s.r.operatorKey, { amount: '300', reason: 'Again' }),
      422,
      'net_debit_cap_unchanged',
    );
    const history = (await t.api.get(`/v1/central-banks/${a}/net-debit-cap/history`, s.r.keyOf('A')))
      .body as Schemas['NetDebitCapChangeList'];
    expect(history.data.map((c) => [c.previous_cap, c.new_cap, c.reason])).toEqual([
      ['500.00', '300.00', 'Second review'],
      ['1000.00', '500.00', 'Risk review'],
    ]);
    expect(history.data[0]!.changed_by).toMatch(/^key_/);
    expect((await liquidity(a, s.r.keyOf('A'))).net_debit_cap).toBe('300.00');
  });

  it('lowers headroom with each capture and raises central_bank.headroom_low once per crossing', async () => {
    const s = await region();
    const a = s.bank('A');
    const key = s.r.keyOf('A');
    expect((await t.api.put(`/v1/central-banks/${a}/headroom-alert`, key, { threshold: '10.00' })).body).toMatchObject({
      headroom: '25.00',
      headroom_low: false,
    });
    await aPaysB(s, 10);
    expect(await liquidity(a, key)).toMatchObject({ net_position: '-10.00', headroom: '15.00', cap_headroom: '990.00' });
    await aPaysB(s, 10); // 5 left: below 10, the alert fires
    await aPaysB(s, 1); // still below: no second event
    expect(await liquidity(a, key)).toMatchObject({ headroom: '4.00', headroom_low: true });
    // B pays A 20: back above the threshold, then down again — a new crossing.
    await pay(t.api, s.r.keyOf('A-SHOP'), { payer_participant_id: s.payer('B'), amount: '2000.00', currency: 'KES' });
    await aPaysB(s, 20);
    const events = (await t.api.get('/v1/events?type=central_bank.headroom_low', key)).body as Schemas['EventList'];
    expect(events.data.map((e) => (e.data.object as Liquidity).headroom)).toEqual(['4.00', '5.00']);
    expect((events.data[0]!.data.object as Liquidity).central_bank_id).toBe(a);
    const merchantView = (await t.api.get('/v1/events?type=central_bank.headroom_low', s.r.keyOf('B-SHOP'))).body as Schemas['EventList'];
    expect(merchantView.data).toEqual([]);
    const otherBank = (await t.api.get('/v1/events?type=central_bank.headroom_low', s.r.keyOf('B'))).body as Schemas['EventList'];
    expect(otherBank.data).toEqual([]);
  });

  it("delivers central_bank.headroom_low to the central bank's own webhook endpoint, and to no merchant's", async () => {
    const s = await region();
    const bankHooks = await WebhookReceiver.start();
    const shopHooks = await WebhookReceiver.start();
    try {
      const a = s.bank('A');
      const created = await t.api.post('/v1/webhook-endpoints', s.r.keyOf('A'), { url: bankHooks.url, enabled_events: ['*'] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ central_bank_id: a, merchant_id: null });
      await t.api.post('/v1/webhook-endpoints', s.r.keyOf('B-SHOP'), { url: shopHooks.url, enabled_events: ['*'] });
      expect((await t.api.get('/v1/webhook-endpoints', s.r.keyOf('A'))).body).toMatchObject({ data: [{ central_bank_id: a }] });
      await t.api.put(`/v1/central-banks/${a}/headroom-alert`, s.r.keyOf('A'), { threshold: '10.00' });
      await aPaysB(s, 20);
      const [webhook] = await bankHooks.waitFor(1);
      const event = JSON.parse(webhook!.body) as Schemas['Event'];
      expect(event.type).toBe('central_bank.headroom_low');
      expect((event.data.object as Liquidity).headroom).toBe('5.00');
      // The shop gets its payment.captured, never the central bank's event.
      const shopEvents = (await shopHooks.waitFor(1)).map((w) => (JSON.parse(w.body) as Schemas['Event']).type);
      expect(shopEvents).not.toContain('central_bank.headroom_low');
    } finally {
      await bankHooks.close();
      await shopHooks.close();
    }
  });

  it.each<[string, Model]>([
    ['gross', { rule: 'gross', shortfall_policy: 'carry-over' }],
    ['LSM', { rule: 'lsm' }],
  ])('declines under %s a capture that would take the payer central bank beyond its net debit cap', async (_, model) => {
    const s = await region(model);
    const a = s.bank('A');
    await t.api.put(`/v1/central-banks/${a}/net-debit-cap`, s.r.operatorKey, { amount: '100.00', reason: 'Pilot cap' });
    // Beyond the balance (25) but within the cap: accepted, it queues.
    await aPaysB(s, 60);
    const res = await t.api.post(
      '/v1/payments',
      s.r.keyOf('B-SHOP'),
      { payer_participant_id: s.payer('A'), amount: '500.00', currency: 'GHS' },
      idempotencyKey(),
    );
    expectProblem(res, 422, 'net_debit_cap_exceeded');
    expect((res.body as Schemas['Problem']).detail).toContain('headroom under the cap is 40.00 USD');
    expect((await liquidity(a, s.r.keyOf('A'))).cap_headroom).toBe('40.00');
    await aPaysB(s, 40);
    // The cap binds the payer only: B, the creditor, still pays.
    await pay(t.api, s.r.keyOf('C-SHOP'), { payer_participant_id: s.payer('B'), amount: '5000.00', currency: 'NGN' });
  });

  it('lets concurrent captures under gross take the net debit exactly to the cap, never beyond', async () => {
    const s = await region({ rule: 'gross', shortfall_policy: 'carry-over' });
    const a = s.bank('A');
    await t.api.put(`/v1/central-banks/${a}/net-debit-cap`, s.r.operatorKey, { amount: '100.00', reason: 'Pilot cap' });
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.api.post(
          '/v1/payments',
          s.r.keyOf('B-SHOP'),
          { payer_participant_id: s.payer('A'), amount: '200.00', currency: 'GHS' },
          idempotencyKey(),
        ),
      ),
    );
    expect(attempts.filter((res) => res.status === 201)).toHaveLength(5);
    for (const refused of attempts.filter((res) => res.status !== 201)) expectProblem(refused, 422, 'net_debit_cap_exceeded');
    expect(await liquidity(a, s.r.keyOf('A'))).toMatchObject({ net_position: '-100.00', cap_headroom: '0.00' });
  });

  it('accepts beyond the cap under multilateral netting and leaves the shortfall to the close, as before', async () => {
    const s = await region();
    await t.api.put(`/v1/central-banks/${s.bank('A')}/net-debit-cap`, s.r.operatorKey, { amount: '10.00', reason: 'Tiny' });
    const p = await aPaysB(s, 20);
    await close(s.loaded.settlement_window.id);
    expect(await paymentStatus(p.id)).toBe('failed');
  });

  it('counts pledged collateral after its haircut as credit, and refuses a release that leaves the net debit uncovered', async () => {
    const s = await region();
    const b = s.bank('B');
    const key = s.r.keyOf('B');
    const pledged = await t.api.post(
      `/v1/central-banks/${b}/collateral`,
      key,
      { amount: '100.00', haircut_percent: '20' },
      idempotencyKey(),
    );
    expect(pledged.body).toMatchObject({ status: 'pledged', credit_value: '80.00' });
    expect(await liquidity(b, key)).toMatchObject({ balance: '0.00', collateral: '100.00', credit_line: '80.00', available: '80.00' });
    // B (balance 0) pays C 50: covered by credit at the close.
    const p = await pay(t.api, s.r.keyOf('C-SHOP'), { payer_participant_id: s.payer('B'), amount: '50000.00', currency: 'NGN' });
    const pledge = pledged.body as Schemas['CollateralPledge'];
    expectProblem(await t.api.post(`/v1/collateral/${pledge.id}/release`, key), 422, 'insufficient_liquidity');
    await close(s.loaded.settlement_window.id);
    expect(await paymentStatus(p.id)).toBe('settled');
    expect(await liquidity(b, key)).toMatchObject({ balance: '-50.00', available: '30.00' });
    expect(((await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification']).ok).toBe(true);
  });

  describe('faults', () => {
    it.each<['unwind' | 'carry-over']>([['unwind'], ['carry-over']])(
      'member_default: the central bank pays nothing at the next close (%s)',
      async (policy) => {
        const s = await region({ rule: 'multilateral', shortfall_policy: policy });
        const a = s.bank('A');
        const p = await aPaysB(s, 20);
        const fault = await t.api.post(
          `/v1/regions/${s.r.regionId}/faults`,
          s.r.operatorKey,
          { kind: 'member_default', central_bank_id: a },
          idempotencyKey(),
        );
        expect(fault.status).toBe(201);
        const faultId = (fault.body as Schemas['Fault']).id;
        const window = await close(s.loaded.settlement_window.id);
        const effect = window.fault_effects?.find((e) => e.fault_id === faultId);
        if (policy === 'unwind') {
          expect(effect).toMatchObject({ kind: 'member_default', unwound_payment_ids: [p.id], carried_over_payment_ids: [] });
          const failed = (await t.api.get(`/v1/payments/${p.id}`, t.operatorKey)).body as Schemas['Payment'];
          expect(failed.status).toBe('failed');
          expect(failed.failure?.reason).toContain(faultId);
        } else {
          expect(effect).toMatchObject({ kind: 'member_default', unwound_payment_ids: [], carried_over_payment_ids: [p.id] });
          // The default was for one close: the next settles the carried payment.
          await close((await openWindow(s.r.regionId)).id);
          expect(await paymentStatus(p.id)).toBe('settled');
        }
        const faults = (await t.api.get(`/v1/regions/${s.r.regionId}/faults`, s.r.operatorKey)).body as Schemas['FaultList'];
        expect(faults.data[0]).toMatchObject({ id: faultId, status: 'applied', applied_window_id: s.loaded.settlement_window.id });
        // The window's settlement report says the same, for the pilot's write-up.
        const report = (await t.api.get(`/v1/settlement-windows/${s.loaded.settlement_window.id}/report`, s.r.operatorKey))
          .body as Schemas['SettlementReport'];
        expect(report.fault_effects).toEqual(window.fault_effects);
        expect(report[policy === 'unwind' ? 'unwound' : 'carried_over'].references).toContain(p.id);
      },
    );

    it.each<['unwind' | 'carry-over']>([['unwind'], ['carry-over']])(
      'suspension: new payments are declined and the open window loses its payments (%s)',
      async (policy) => {
        const s = await region({ rule: 'multilateral', shortfall_policy: policy });
        const before = await aPaysB(s, 5);
        // C pays B: nothing of A-BANK's in it.
        const other = await pay(t.api, s.r.keyOf('B-SHOP'), { payer_participant_id: s.payer('C'), amount: '50.00', currency: 'GHS' });
        const fault = (
          await t.api.post(
            `/v1/regions/${s.r.regionId}/faults`,
            s.r.operatorKey,
            { kind: 'suspension', participant_id: s.payer('A') },
            idempotencyKey(),
          )
        ).body as Schemas['Fault'];
        const refused = await t.api.post(
          '/v1/payments',
          s.r.keyOf('B-SHOP'),
          { payer_participant_id: s.payer('A'), amount: '10.00', currency: 'GHS' },
          idempotencyKey(),
        );
        expectProblem(refused, 422, 'participant_suspended');
        expect((await liquidity(s.bank('A'), s.r.operatorKey)).suspended).toBe(false);
        const window = await close(s.loaded.settlement_window.id);
        const effect = window.fault_effects?.find((e) => e.fault_id === fault.id);
        expect(effect?.[policy === 'unwind' ? 'unwound_payment_ids' : 'carried_over_payment_ids']).toEqual([before.id]);
        expect(await paymentStatus(before.id)).toBe(policy === 'unwind' ? 'failed' : 'captured');
        expect(await paymentStatus(other.id)).toBe('settled');
        await t.api.post(`/v1/faults/${fault.id}/clear`, s.r.operatorKey);
        await aPaysB(s, 1);
      },
    );

    it.each<['unwind' | 'carry-over']>([['unwind'], ['carry-over']])(
      'late_funding: the close runs short without the prefund, which commits right after it (%s)',
      async (policy) => {
        const s = await region({ rule: 'multilateral', shortfall_policy: policy });
        const b = s.bank('B');
        const key = s.r.keyOf('B');
        // B (balance 0) pays C 20 and counts on a prefund of 50.
        const p = await pay(t.api, s.r.keyOf('C-SHOP'), { payer_participant_id: s.payer('B'), amount: '20000.00', currency: 'NGN' });
        const funding = (await reserve(b, key, 'prefund', '50.00')).body as Funding;
        const fault = (
          await t.api.post(
            `/v1/regions/${s.r.regionId}/faults`,
            s.r.operatorKey,
            { kind: 'late_funding', funding_id: funding.id },
            idempotencyKey(),
          )
        ).body as Schemas['Fault'];
        expect(((await t.api.get(`/v1/funding/${funding.id}`, key)).body as Funding).held_by_fault_id).toBe(fault.id);
        expectProblem(await t.api.post(`/v1/funding/${funding.id}/commit`, key), 409, 'funding_delayed');
        const window = await close(s.loaded.settlement_window.id);
        const effect = window.fault_effects?.find((e) => e.fault_id === fault.id);
        expect(effect?.funding_id).toBe(funding.id);
        expect(effect?.[policy === 'unwind' ? 'unwound_payment_ids' : 'carried_over_payment_ids']).toEqual([p.id]);
        expect(await paymentStatus(p.id)).toBe(policy === 'unwind' ? 'failed' : 'captured');
        expect((await t.api.get(`/v1/funding/${funding.id}`, key)).body).toMatchObject({ status: 'committed', held_by_fault_id: null });
        expect((await liquidity(b, key)).balance).toBe('50.00');
        if (policy === 'carry-over') {
          // Funded now, B settles the carried payment at the next close.
          await close((await openWindow(s.r.regionId)).id);
          expect(await paymentStatus(p.id)).toBe('settled');
        }
        expect(((await t.api.get('/v1/ledger/verify', t.operatorKey)).body as Schemas['LedgerVerification']).ok).toBe(true);
      },
    );
  });
});
