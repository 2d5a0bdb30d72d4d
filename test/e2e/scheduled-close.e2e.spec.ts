import type { Schemas } from '../../src/adapters/http/openapi-document';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { eventually } from '../support/eventually';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * A region with a settlement cycle closes its windows on a job scheduler (BullMQ on Redis, or the
 * in-process runner), without anyone calling close. The shortest cycle the API allows is 10 s.
 */
describe.each(MODES)('scheduled window closes (%s)', (mode) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(mode);
  });
  afterAll(() => t.close());

  it('settles the open window once its cycle has passed and opens the next', async () => {
    const loaded = await loadRegion(t.api, t.operatorKey, {
      ...threePartyRegion({ A: '500.00', B: '500.00', C: '500.00' }),
      settlement_cycle_seconds: 10,
    });
    const r = regionIndex(loaded);
    const payment = await pay(t.api, r.keyOf('B-SHOP'), {
      payer_participant_id: r.participant.get('A-BANK')!.id,
      amount: '2000.00',
      currency: 'GHS',
    });
    const settled = await eventually(
      async () => {
        const window = (await t.api.get(`/v1/settlement-windows/${loaded.settlement_window.id}`, t.operatorKey))
          .body as Schemas['SettlementWindow'];
        return window.status === 'settled' ? window : undefined;
      },
      'the scheduled close to settle the window',
      25_000,
    );
    expect(settled.obligation_count).toBe(3);
    const after = (await t.api.get(`/v1/payments/${payment.id}`, t.operatorKey)).body as Schemas['Payment'];
    expect(after.status).toBe('settled');
    const open = (await t.api.get(`/v1/settlement-windows?status=open&region_id=${r.regionId}`, t.operatorKey))
      .body as Schemas['SettlementWindowList'];
    expect(open.data.map((w) => w.number)).toEqual([2]);
  });
});
