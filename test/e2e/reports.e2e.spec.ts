import type { Schemas } from '../../src/adapters/http/openapi-document';
import { expectProblem } from '../support/problems';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * DESIGN.md's three-party example (A→B 200, B→C 150, C→A 175 USD) settled in window 1, with a 1 %
 * spread and a 0.5 % fee so the payer's cost is visible; window 2 settles a 50 USD refund of A→B.
 */
describe.each(MODES)('settlement reports and statistics (%s)', (mode) => {
  let t: TestApp;
  let r: ReturnType<typeof regionIndex>;
  let windowOne: string;
  let windowTwo: string;
  let windowThree: string;

  beforeAll(async () => {
    t = await startTestApp(mode);
    const loaded = await loadRegion(t.api, t.operatorKey, {
      ...threePartyRegion({ A: '100.00', B: '100.00', C: '100.00' }),
      fx_spread_bps: '100',
      fee_bps: '50',
    });
    r = regionIndex(loaded);
    const payer = (code: string) => r.participant.get(code)!.id;
    const ab = await pay(t.api, r.keyOf('B-SHOP'), { payer_participant_id: payer('A-BANK'), amount: '2000.00', currency: 'GHS' });
    await pay(t.api, r.keyOf('C-SHOP'), { payer_participant_id: payer('B-BANK'), amount: '150000.00', currency: 'NGN' });
    await pay(t.api, r.keyOf('A-SHOP'), { payer_participant_id: payer('C-BANK'), amount: '17500.00', currency: 'KES' });
    windowOne = loaded.settlement_window.id;
    const closed = await t.api.post(`/v1/settlement-windows/${windowOne}/close`, t.operatorKey);
    expect(closed.body.status).toBe('settled');
    const open = await t.api.get(`/v1/settlement-windows?region_id=${r.regionId}&status=open`, t.operatorKey);
    windowTwo = (open.body.data as Schemas['SettlementWindow'][])[0]!.id;
    const refund = await t.api.post(`/v1/payments/${ab.id}/refunds`, r.keyOf('B-SHOP'), { amount: '500.00' }, idempotencyKey());
    expect(refund.status).toBe(201);
    await t.api.post(`/v1/settlement-windows/${windowTwo}/close`, t.operatorKey);
    const next = await t.api.get(`/v1/settlement-windows?region_id=${r.regionId}&status=open`, t.operatorKey);
    windowThree = (next.body.data as Schemas['SettlementWindow'][])[0]!.id;
  });
  afterAll(() => t?.close());

  it("reports a settled window's regional and domestic tiers, with each party's settlement instruction", async () => {
    const res = await t.api.get(`/v1/settlement-windows/${windowOne}/report`, t.operatorKey);
    expect(res.status).toBe(200);
    const report = res.body as Schemas['SettlementReport'];
    expect(report).toMatchObject({
      window_id: windowOne,
      window_number: 1,
      status: 'settled',
      settlement_rule: expect.any(String),
      shortfall_policy: 'unwind',
      settlement_asset: 'USD',
      payments: { count: 3, value: '525.00' },
      refunds: { count: 0, value: '0.00' },
      unwound: { count: 0, value: '0.00', references: [] },
      carried_over: { count: 0, value: '0.00', references: [] },
    });
    expect(report.regional).toMatchObject({
      gross: '525.00',
      bilateral_net: '525.00',
      multilateral_net: '50.00',
      netting_efficiency: '0.904762',
      bilateral_efficiency: '0',
      liquidity_used: '50.00',
      obligation_count: 3,
    });
    const bank = (code: string) => r.bank.get(code)!.id;
    expect(report.regional.parties.map((p) => [p.party_id, p.sent, p.received, p.net, p.instruction, p.instruction_amount])).toEqual(
      expect.arrayContaining([
        [bank('A'), '200.00', '175.00', '-25.00', 'pays_agent', '25.00'],
        [bank('B'), '150.00', '200.00', '50.00', 'paid_by_agent', '50.00'],
        [bank('C'), '175.00', '150.00', '-25.00', 'pays_agent', '25.00'],
      ]),
    );
    // Each domestic tier nets to zero in its own currency: the central bank mirrors its participants.
    expect(report.domestic.map((d) => d.currency)).toEqual(['GHS', 'KES', 'NGN']);
    for (const tier of report.domestic) {
      const sum = tier.parties.reduce((total, p) => total + Math.round(Number(p.net) * 100), 0);
      expect([tier.currency, sum]).toEqual([tier.currency, 0]);
    }
    // A's bank pays 20,301.00 KES (2,000 GHS at 10 KES per GHS, +1 % spread, +0.5 % fee) and its shop gets 17,500.00.
    const kes = report.domestic.find((d) => d.currency === 'KES')!;
    expect(kes.parties.find((p) => p.party_id === r.participant.get('A-BANK')!.id)).toMatchObject({
      sent: '20301.00',
      received: '17500.00',
      net: '-2801.00',
      instruction: 'pays_agent',
    });
  });

  it('serves the report as CSV, one row per party per tier', async () => {
    const res = await t.api.get(`/v1/settlement-windows/${windowOne}/report.csv`, t.operatorKey);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'window_id,window_number,tier,currency,party_kind,party_id,party_code,central_bank_id,sent,received,net,instruction,instruction_amount',
    );
    // 3 central banks in the regional tier; in each domestic tier the central bank and its one bank.
    expect(lines).toHaveLength(1 + 3 + 3 * 2);
    expect(lines).toContain(
      `${windowOne},1,regional,USD,central_bank,${r.bank.get('B')!.id},B,${r.bank.get('B')!.id},150.00,200.00,50.00,paid_by_agent,50.00`,
    );
  });

  it("shows a central bank its own rows and its participants', and the shared totals", async () => {
    const res = await t.api.get(`/v1/settlement-windows/${windowOne}/report`, r.keyOf('A'));
    const report = res.body as Schemas['SettlementReport'];
    expect(report.regional.gross).toBe('525.00');
    expect(report.regional.parties.map((p) => p.party_id)).toEqual([r.bank.get('A')!.id]);
    const visible = report.domestic.flatMap((d) => d.parties.map((p) => p.party_id));
    expect(visible.sort()).toEqual([r.bank.get('A')!.id, r.participant.get('A-BANK')!.id].sort());
  });

  it('has no report for a window still open, and none for merchants', async () => {
    expectProblem(await t.api.get(`/v1/settlement-windows/${windowThree}/report`, t.operatorKey), 409, 'window_not_closed');
    expectProblem(await t.api.get(`/v1/settlement-windows/${windowOne}/report`, r.keyOf('A-SHOP')), 403, 'forbidden');
  });

  it('aggregates payments, refunds and the payer’s cost per corridor', async () => {
    const res = await t.api.get(`/v1/statistics/corridors?region_id=${r.regionId}&period=day`, r.keyOf('B'));
    expect(res.status).toBe(200);
    const stats = res.body as Schemas['CorridorStatistics'];
    expect(stats).toMatchObject({ region_id: r.regionId, settlement_asset: 'USD', from: null, period: 'day' });
    // Every payment pays the 1 % spread and then the 0.5 % fee: 1.01 × 1.005 − 1 = 0.01505, give or take the fee's rounding to the minor unit.
    expect(
      stats.corridors.map((c) => [
        c.payer_country,
        c.merchant_country,
        c.payment_count,
        c.payment_value,
        c.refund_count,
        c.refund_value,
        c.average_payer_cost,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['KE', 'GH', 1, '200.00', 1, '50.00', '0.01505'],
        ['GH', 'NG', 1, '150.00', 0, '0.00', '0.015053'],
        ['NG', 'KE', 1, '175.00', 0, '0.00', '0.01505'],
      ]),
    );
    expect(stats.corridors).toHaveLength(3);
  });

  it('lists settled windows newest first with their netting figures, paged', async () => {
    const first = await t.api.get(`/v1/statistics/windows?region_id=${r.regionId}&limit=1`, t.operatorKey);
    expect(first.body).toMatchObject({
      data: [
        {
          id: windowTwo,
          window_number: 2,
          gross: '50.00',
          multilateral_net: '50.00',
          netting_efficiency: '0',
          liquidity_used: '50.00',
          payment_count: 0,
          refund_count: 1,
        },
      ],
      has_more: true,
    });
    const second = await t.api.get(
      `/v1/statistics/windows?region_id=${r.regionId}&limit=1&starting_after=${first.body.next_cursor}`,
      t.operatorKey,
    );
    expect(second.body).toMatchObject({
      data: [
        {
          id: windowOne,
          window_number: 1,
          gross: '525.00',
          multilateral_net: '50.00',
          netting_efficiency: '0.904762',
          liquidity_used: '50.00',
          payment_count: 3,
        },
      ],
      has_more: false,
      next_cursor: null,
    });
  });

  it("sums each central bank's settlement-asset needs over the settled windows", async () => {
    const res = await t.api.get(`/v1/statistics/members?region_id=${r.regionId}`, t.operatorKey);
    const stats = res.body as Schemas['MemberStatistics'];
    expect(stats.window_count).toBe(2);
    expect(
      stats.members.map((m) => [
        m.central_bank_code,
        m.sent,
        m.received,
        m.net_debit_total,
        m.net_debit_max,
        m.net_debit_average,
        m.debtor_windows,
      ]),
    ).toEqual([
      ['A', '200.00', '225.00', '25.00', '25.00', '12.50', 1],
      ['B', '200.00', '200.00', '50.00', '50.00', '25.00', 1],
      ['C', '175.00', '150.00', '25.00', '25.00', '12.50', 1],
    ]);
  });

  it('keeps statistics to the operator and the region’s central banks', async () => {
    expectProblem(await t.api.get(`/v1/statistics/members?region_id=${r.regionId}`, r.keyOf('A-BANK')), 403, 'forbidden');
    const other = regionIndex(await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Another region' }));
    expectProblem(await t.api.get(`/v1/statistics/corridors?region_id=${r.regionId}`, other.keyOf('A')), 404, 'not_found');
  });

  it('renders a self-contained HTML report with the numbers of the statistics', async () => {
    const res = await t.api.get(`/v1/statistics/report.html?region_id=${r.regionId}`, r.keyOf('A'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.text;
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html.match(/<svg/g)?.length).toBe(4);
    for (const shown of ['KE → GH', '525.00', '90.48 %', '82.61 %', '1.50 %', '12.50', 'Three-party example'])
      expect(html).toContain(shown);
  });
});
