import type { Schemas } from '../../src/adapters/http/openapi-document';
import { expectProblem } from '../support/problems';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { eventually } from '../support/eventually';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * A region's settlement model changes between windows: the window open at the change settles under the
 * model it opened with, the next under the new one, and the history records who changed what and why.
 * DESIGN's three-party example (A→B 200, B→C 150, C→A 175 USD) tells the rules apart: multilateral
 * netting settles it; gross FIFO is gridlocked on the balances netting leaves (A 0, B 50, C 0).
 */
describe.each(MODES)('settlement model changes (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(mode);
  });
  afterAll(() => t.close());

  async function payTheExample(r: ReturnType<typeof regionIndex>) {
    return [
      await pay(t.api, r.keyOf('B-SHOP'), { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '2000.00', currency: 'GHS' }),
      await pay(t.api, r.keyOf('C-SHOP'), { payer_participant_id: r.participant.get('B-BANK')!.id, amount: '150000.00', currency: 'NGN' }),
      await pay(t.api, r.keyOf('A-SHOP'), { payer_participant_id: r.participant.get('C-BANK')!.id, amount: '17500.00', currency: 'KES' }),
    ];
  }

  async function statusesOf(payments: Schemas['Payment'][]) {
    const statuses = [];
    for (const p of payments) statuses.push(((await t.api.get(`/v1/payments/${p.id}`, t.operatorKey)).body as Schemas['Payment']).status);
    return statuses;
  }

  it('settles the open window under its own model and the next under the new one', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Model change' });
    const r = regionIndex(loaded);
    const first = await payTheExample(r);

    const changed = await t.api.patch(`/v1/regions/${r.regionId}/settlement-model`, t.operatorKey, {
      rule: 'gross',
      reason: 'Try RTGS from the next window',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ effective_from_window: 2, from: { settlement_model: { rule: 'multilateral' } } });

    const window1 = (await t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey))
      .body as Schemas['SettlementWindow'];
    expect(window1.settlement_rule).toMatch(/^Multilateral/);
    expect(await statusesOf(first)).toEqual(['settled', 'settled', 'settled']);

    const second = await payTheExample(r);
    const open = (await t.api.get(`/v1/settlement-windows?region_id=${r.regionId}&status=open`, t.operatorKey))
      .body as Schemas['SettlementWindowList'];
    const window2 = (await t.api.post(`/v1/settlement-windows/${open.data[0]!.id}/close`, t.operatorKey))
      .body as Schemas['SettlementWindow'];
    expect(window2.number).toBe(2);
    expect(window2.settlement_rule).toMatch(/^Gross/);
    expect(await statusesOf(second)).toEqual(['failed', 'failed', 'failed']);
    const region = (await t.api.get(`/v1/regions/${r.regionId}`, t.operatorKey)).body as Schemas['Region'];
    expect(region.settlement_model.rule).toBe('gross');
  });

  it('lists each change with before, after, reason, key and first window, newest first', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Model history', settlement_cycle_seconds: 3600 });
    const r = regionIndex(loaded);
    await t.api.patch(`/v1/regions/${r.regionId}/settlement-model`, t.operatorKey, { rule: 'lsm', reason: 'Phase two' });
    await t.api.patch(`/v1/regions/${r.regionId}/settlement-model`, r.operatorKey, {
      settlement_cycle_cron: '0 */4 * * *',
      settlement_cycle_time_zone: 'Africa/Nairobi',
      reason: 'Close at fixed times',
    });

    const res = await t.api.get(`/v1/regions/${r.regionId}/settlement-model/history?limit=1`, r.keyOf('A'));
    expect(res.status).toBe(200);
    const page = res.body as Schemas['SettlementModelChangeList'];
    expect(page.has_more).toBe(true);
    expect(page.data[0]).toMatchObject({
      reason: 'Close at fixed times',
      effective_from_window: 2,
      from: { settlement_model: { rule: 'lsm' }, settlement_cycle_seconds: 3600, settlement_cycle_cron: null },
      to: { settlement_model: { rule: 'lsm' }, settlement_cycle_seconds: null, settlement_cycle_cron: '0 */4 * * *' },
    });
    expect(page.data[0]!.changed_by).toMatch(/^key_/);
    const older = (await t.api.get(`/v1/regions/${r.regionId}/settlement-model/history?starting_after=${page.next_cursor}`, t.operatorKey))
      .body as Schemas['SettlementModelChangeList'];
    expect(older.data.map((c) => [c.reason, c.changed_by, c.from.settlement_model.rule, c.to.settlement_model.rule])).toEqual([
      ['Phase two', 'operator', 'multilateral', 'lsm'],
    ]);
    const region = (await t.api.get(`/v1/regions/${r.regionId}`, t.operatorKey)).body as Schemas['Region'];
    expect(region).toMatchObject({
      settlement_cycle_seconds: null,
      settlement_cycle_cron: '0 */4 * * *',
      settlement_cycle_time_zone: 'Africa/Nairobi',
    });
  });

  it('tells each central bank of the region with a settlement_model.changed event', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Model change event' });
    const r = regionIndex(loaded);
    const changed = (
      await t.api.patch(`/v1/regions/${r.regionId}/settlement-model`, t.operatorKey, { rule: 'bilateral', reason: 'Pairs only' })
    ).body as Schemas['SettlementModelChange'];

    for (const bank of ['A', 'B', 'C']) {
      const events = (await t.api.get('/v1/events?type=settlement_model.changed', r.keyOf(bank))).body as Schemas['EventList'];
      expect([bank, events.data.map((e) => e.data.object)]).toEqual([bank, [changed]]);
    }
    const merchantEvents = (await t.api.get('/v1/events?type=settlement_model.changed', r.keyOf('A-SHOP'))).body as Schemas['EventList'];
    expect(merchantEvents.data).toEqual([]);
  });

  it('answers a problem naming the field for a bad change, and changes nothing', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Bad model changes' });
    const r = regionIndex(loaded);
    const change = (body: object, key = t.operatorKey) => t.api.patch(`/v1/regions/${r.regionId}/settlement-model`, key, body);

    expectProblem(await change({ settlement_cycle_cron: '61 * * * *', reason: 'x' }), 422, 'validation_failed', 'settlement_cycle_cron');
    expectProblem(await change({ settlement_cycle_cron: '* * * * * *', reason: 'x' }), 422, 'validation_failed', 'settlement_cycle_cron');
    expectProblem(
      await change({ settlement_cycle_cron: '0 * * * *', settlement_cycle_time_zone: 'Mars/Olympus', reason: 'x' }),
      422,
      'validation_failed',
      'settlement_cycle_time_zone',
    );
    expectProblem(
      await change({ settlement_cycle_seconds: 60, settlement_cycle_cron: '0 * * * *', reason: 'x' }),
      422,
      'validation_failed',
      'settlement_cycle_cron',
    );
    expectProblem(
      await change({ rule: 'gross', shortfall_policy: 'largest-feasible', reason: 'x' }),
      422,
      'validation_failed',
      'shortfall_policy',
    );
    expectProblem(await change({ rule: 'gross' }), 422, 'validation_failed', 'reason');
    expectProblem(await change({ rule: 'multilateral', reason: 'Already so' }), 422, 'settlement_model_unchanged');
    expectProblem(await change({ rule: 'gross', reason: 'x' }, r.keyOf('A')), 403, 'forbidden');
    expectProblem(await t.api.get(`/v1/regions/${r.regionId}/settlement-model/history`, r.keyOf('A-BANK')), 403, 'forbidden');

    const other = regionIndex(await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Another region' }));
    expectProblem(await change({ rule: 'gross', reason: 'x' }, other.operatorKey), 404, 'not_found');

    const history = (await t.api.get(`/v1/regions/${r.regionId}/settlement-model/history`, t.operatorKey))
      .body as Schemas['SettlementModelChangeList'];
    expect(history.data).toEqual([]);
  });

  it('loads a region with a cron cycle in its time zone, and refuses one with both an interval and a cron', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, {
      ...threePartyRegion(),
      name: 'Cron from the start',
      settlement_cycle_cron: '30 17 * * 1-5',
      settlement_cycle_time_zone: 'Africa/Accra',
    });
    expect(loaded.region).toMatchObject({
      settlement_cycle_seconds: null,
      settlement_cycle_cron: '30 17 * * 1-5',
      settlement_cycle_time_zone: 'Africa/Accra',
    });

    const both = await t.api.post('/v1/regions', t.operatorKey, {
      ...threePartyRegion(),
      name: 'Two cycles',
      settlement_cycle_seconds: 3600,
      settlement_cycle_cron: '0 * * * *',
    });
    expectProblem(both, 422, 'validation_failed', 'settlement_cycle_cron');
  });

  it('closes windows at the times of a cron cycle set by a change', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, {
      ...threePartyRegion({ A: '500.00', B: '500.00', C: '500.00' }),
      name: 'Cron cycle',
    });
    const r = regionIndex(loaded);
    await pay(t.api, r.keyOf('B-SHOP'), { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '2000.00', currency: 'GHS' });
    const changed = await t.api.patch(`/v1/regions/${r.regionId}/settlement-model`, t.operatorKey, {
      settlement_cycle_cron: '*/10 * * * * *',
      reason: 'Every ten seconds, on the tens',
    });
    expect(changed.status).toBe(200);

    // The region had no cycle and nobody closes it: only the cron scheduler can settle it.
    const settled = await eventually(
      async () => {
        const window = (await t.api.get(`/v1/settlement-windows/${loaded.settlement_window.id}`, t.operatorKey))
          .body as Schemas['SettlementWindow'];
        return window.status === 'settled' ? window : undefined;
      },
      'the scheduled close to settle the window',
      30_000,
    );
    expect(settled.obligation_count).toBe(3);
  });
});
