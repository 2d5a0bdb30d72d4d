import type { Schemas } from '../../src/adapters/http/openapi-document';
import { nextCronTime } from '../../src/adapters/jobs/cron-schedule';
import { expectProblem } from '../support/problems';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';

type Clock = Schemas['SandboxClock'];
type Advanced = Schemas['ClockAdvanceResult'];
type Payment = Schemas['Payment'];

const HOUR = 3600;

/**
 * The sandbox test clock: advancing a region's clock makes what is due in that region happen before the
 * answer — quotes and authorizations expire, a scheduled window close runs, webhook retries go out —
 * and touches no other region. The app retries webhooks on the real schedule (minutes), so only the
 * clock can bring a retry within a test.
 */
describe.each(MODES)('the sandbox test clock (%s)', (mode) => {
  let t: TestApp;
  let loaded: Schemas['RegionLoadResult'];
  let r: ReturnType<typeof regionIndex>;
  let shop: string;

  beforeAll(async () => {
    t = await startTestApp(mode, { webhookRetryScale: 1 });
    loaded = await loadRegion(t.api, t.operatorKey, {
      ...threePartyRegion({ A: '500.00', B: '500.00', C: '500.00' }),
      name: 'Clock region',
      settlement_cycle_seconds: HOUR,
      authorization_ttl_seconds: 2 * HOUR,
    });
    r = regionIndex(loaded);
    shop = r.keyOf('B-SHOP');
  });
  afterAll(() => t.close());

  const clockOf = async (regionId: string, key = t.operatorKey) => {
    const res = await t.api.get(`/v1/regions/${regionId}/clock`, key);
    expect(res.status).toBe(200);
    return res.body as Clock;
  };
  const advance = async (body: Schemas['ClockAdvanceRequest'], key = t.operatorKey, regionId = r.regionId) => {
    const res = await t.api.post(`/v1/regions/${regionId}/clock/advance`, key, body);
    expect([res.status, res.body]).toEqual([200, expect.anything()]);
    return res.body as Advanced;
  };
  const payB = (captureMethod: 'automatic' | 'manual') =>
    pay(t.api, shop, {
      payer_participant_id: r.participant.get('A-BANK')!.id,
      amount: '100.00',
      currency: 'GHS',
      capture_method: captureMethod,
    });
  const paymentOf = async (id: string) => (await t.api.get(`/v1/payments/${id}`, shop)).body as Payment;

  it('shows the region its sandbox time, running with the wall clock until it is advanced', async () => {
    expect(loaded.region).toMatchObject({ authorization_ttl_seconds: 2 * HOUR });
    const clock = await clockOf(r.regionId, shop);
    expect(clock).toMatchObject({ region_id: r.regionId, offset_ms: 0 });
    expect(clock.now).toBe(clock.wall_clock);
  });

  it('expires a quote once the clock passes its expiry: paying it is refused on quote_id', async () => {
    const quote = await t.api.post('/v1/quotes', shop, {
      payer_participant_id: r.participant.get('A-BANK')!.id,
      amount: '50.00',
      currency: 'GHS',
    });
    expect(quote.status).toBe(201);
    const { expires_at } = quote.body as Schemas['Quote'];

    const advanced = await advance({ to: new Date(Date.parse(expires_at) + 1000).toISOString() });
    expect(Date.parse(advanced.clock.now)).toBeGreaterThan(Date.parse(expires_at));

    const paid = await t.api.post('/v1/payments', shop, { quote_id: (quote.body as Schemas['Quote']).id }, idempotencyKey());
    expectProblem(paid, 422, 'quote_expired', 'quote_id');
  });

  it('expires an authorization left uncaptured past its TTL, with a payment.expired event, and refuses to capture it', async () => {
    const authorized = await payB('manual');
    expect(authorized.status).toBe('authorized');
    expect(Date.parse(authorized.authorization_expires_at!) - Date.parse(authorized.created_at)).toBe(2 * HOUR * 1000);
    const live = await payB('manual');

    const early = await advance({ seconds: HOUR });
    expect(early.expired_authorizations).not.toContain(authorized.id);
    // Captured in time: it no longer has an authorization to lose.
    expect((await t.api.post(`/v1/payments/${live.id}/capture`, shop)).status).toBe(200);

    const late = await advance({ seconds: HOUR });
    expect(late.expired_authorizations).toEqual([authorized.id]);
    const expired = await paymentOf(authorized.id);
    expect(expired).toMatchObject({ status: 'expired', authorization_expires_at: authorized.authorization_expires_at, window_id: null });
    expect((await paymentOf(live.id)).authorization_expires_at).toBeNull();

    const events = (await t.api.get('/v1/events?type=payment.expired', shop)).body as Schemas['EventList'];
    expect(events.data.map((e) => (e.data.object as Payment).id)).toEqual([authorized.id]);
    expect(Date.parse(events.data[0]!.created_at)).toBeGreaterThanOrEqual(Date.parse(authorized.authorization_expires_at!));

    expectProblem(await t.api.post(`/v1/payments/${authorized.id}/capture`, shop), 409, 'invalid_payment_state');
  });

  it("closes the window once the clock passes its region's cycle and opens the next at the new sandbox time", async () => {
    const open = (await t.api.get(`/v1/settlement-windows?status=open&region_id=${r.regionId}`, t.operatorKey))
      .body as Schemas['SettlementWindowList'];
    const window = open.data[0]!;
    const payment = await payB('automatic');
    expect(payment.window_id).toBe(window.id);

    const dueAt = new Date(Date.parse(window.opened_at) + HOUR * 1000 + 1000).toISOString();
    const advanced = await advance({ to: dueAt });
    expect(advanced.closed_windows).toEqual([window.id]);

    const closed = (await t.api.get(`/v1/settlement-windows/${window.id}`, t.operatorKey)).body as Schemas['SettlementWindow'];
    expect(closed.status).toBe('settled');
    expect(Date.parse(closed.closed_at!)).toBeGreaterThanOrEqual(Date.parse(dueAt));
    expect((await paymentOf(payment.id)).status).toBe('settled');
    const next = (await t.api.get(`/v1/settlement-windows?status=open&region_id=${r.regionId}`, t.operatorKey))
      .body as Schemas['SettlementWindowList'];
    expect(next.data.map((w) => w.number)).toEqual([window.number + 1]);
    expect(Date.parse(next.data[0]!.opened_at)).toBeGreaterThanOrEqual(Date.parse(dueAt));

    // The next window is young on the new clock: a small advance closes nothing.
    expect((await advance({ seconds: 1 })).closed_windows).toEqual([]);
  });

  it('closes the window of a cron cycle once the clock passes the first cron time after it opened', async () => {
    const daily = '0 0 * * *';
    const cron = regionIndex(
      await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Cron clock region', settlement_cycle_cron: daily }),
    );
    const open = (await t.api.get(`/v1/settlement-windows?status=open&region_id=${cron.regionId}`, t.operatorKey))
      .body as Schemas['SettlementWindowList'];
    const window = open.data[0]!;
    const dueAt = nextCronTime({ cron: daily }, new Date(window.opened_at)).getTime();

    expect((await advance({ to: new Date(dueAt - 1000).toISOString() }, t.operatorKey, cron.regionId)).closed_windows).toEqual([]);
    expect((await advance({ to: new Date(dueAt + 1000).toISOString() }, t.operatorKey, cron.regionId)).closed_windows).toEqual([window.id]);
  });

  it('re-attempts a failing webhook delivery when the clock passes its next retry, and only then', async () => {
    const created = await t.api.post('/v1/webhook-endpoints', shop, {
      url: 'https://fail.corridor.test/hooks',
      enabled_events: ['payment.captured'],
    });
    expect(created.status).toBe(201);
    const endpoint = created.body as Schemas['WebhookEndpoint'];
    await payB('automatic');
    const deliveries = async () =>
      ((await t.api.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, shop)).body as Schemas['WebhookDeliveryList']).data;
    const [first] = await eventually(async () => {
      const found = await deliveries();
      return found[0]?.attempt_count === 1 ? found : undefined;
    }, 'the first failed attempt');
    expect(first).toMatchObject({ status: 'pending', attempt_count: 1 });
    const retryAt = Date.parse(first!.next_attempt_at!);

    // Not due yet: nothing is attempted.
    const before = await clockOf(r.regionId);
    expect(
      (await advance({ to: new Date(Math.max(retryAt - 10_000, Date.parse(before.now) + 1000)).toISOString() }))
        .webhook_deliveries_attempted,
    ).toBe(0);
    expect((await deliveries())[0]!.attempt_count).toBe(1);

    const advanced = await advance({ to: new Date(retryAt + 1000).toISOString() });
    expect(advanced.webhook_deliveries_attempted).toBe(1);
    const [retried] = await deliveries();
    expect(retried).toMatchObject({ status: 'pending', attempt_count: 2 });
    // The next retry (5 minutes on the schedule) is counted from the sandbox time of this attempt.
    expect(Date.parse(retried!.next_attempt_at!)).toBeGreaterThanOrEqual(retryAt + 5 * 60_000);
  });

  it('never moves backwards: a `to` not later than the sandbox time is refused on `to`, and the body takes one of seconds or to', async () => {
    const clock = await clockOf(r.regionId);
    const back = await t.api.post(`/v1/regions/${r.regionId}/clock/advance`, t.operatorKey, {
      to: new Date(Date.parse(clock.now) - 60_000).toISOString(),
    });
    expectProblem(back, 422, 'clock_not_forward', 'to');
    expect((await clockOf(r.regionId)).offset_ms).toBe(clock.offset_ms);
    expectProblem(await t.api.post(`/v1/regions/${r.regionId}/clock/advance`, t.operatorKey, { seconds: 0 }), 422, 'validation_failed');
    expectProblem(
      await t.api.post(`/v1/regions/${r.regionId}/clock/advance`, t.operatorKey, { seconds: 5, to: clock.now }),
      422,
      'validation_failed',
    );
  });

  it("moves only its own region's clock, and each key sees and moves only its own region's", async () => {
    const other = regionIndex(await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Other clock region' }));
    expect(other.regionId).not.toBe(r.regionId);
    const before = await clockOf(r.regionId);

    for (const code of ['A', 'A-BANK', 'B-SHOP']) {
      const moved = await advance({ seconds: 10 }, r.keyOf(code));
      expect(moved.clock.region_id).toBe(r.regionId);
    }
    expect((await advance({ seconds: 10 }, r.operatorKey)).clock.offset_ms).toBe(before.offset_ms + 40_000);
    expect((await clockOf(other.regionId)).offset_ms).toBe(0);
    expect(
      (await loadRegion(t.api, t.operatorKey, { ...threePartyRegion(), name: 'Default TTL region' })).region.authorization_ttl_seconds,
    ).toBe(604800);

    expectProblem(await t.api.get(`/v1/regions/${other.regionId}/clock`, shop), 404, 'not_found');
    expectProblem(await t.api.post(`/v1/regions/${other.regionId}/clock/advance`, shop, { seconds: 10 }), 404, 'not_found');
    expectProblem(await t.api.post(`/v1/regions/${r.regionId}/clock/advance`, other.keyOf('A'), { seconds: 10 }), 404, 'not_found');
    expect((await clockOf(other.regionId)).offset_ms).toBe(0);
  });
});

/**
 * Without workers no expiry sweep runs on its own, so an authorization can lapse on the wall clock and
 * still be stored as `authorized`: capture and void must refuse it by its expiry, not its status.
 */
describe.each(MODES)('an authorization past its expiry before the sweep (%s)', (mode) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(mode, { runWorkers: false });
  });
  afterAll(() => t.close());

  it('cannot be captured or voided (409 authorization_expired), changes nothing, and the next advance expires it', async () => {
    const r = regionIndex(
      await loadRegion(t.api, t.operatorKey, {
        ...threePartyRegion({ A: '500.00', B: '500.00', C: '500.00' }),
        authorization_ttl_seconds: 1,
      }),
    );
    const shop = r.keyOf('B-SHOP');
    const payment = await pay(t.api, shop, {
      payer_participant_id: r.participant.get('A-BANK')!.id,
      amount: '100.00',
      currency: 'GHS',
      capture_method: 'manual',
    });
    await eventually(async () => {
      const clock = (await t.api.get(`/v1/regions/${r.regionId}/clock`, shop)).body as Clock;
      return Date.parse(clock.now) >= Date.parse(payment.authorization_expires_at!) ? clock : undefined;
    }, 'the authorization to lapse on the wall clock');

    expectProblem(await t.api.post(`/v1/payments/${payment.id}/capture`, shop, undefined, idempotencyKey()), 409, 'authorization_expired');
    expectProblem(await t.api.post(`/v1/payments/${payment.id}/void`, shop), 409, 'authorization_expired');
    const unchanged = (await t.api.get(`/v1/payments/${payment.id}`, shop)).body as Payment;
    expect(unchanged).toMatchObject({ status: 'authorized', window_id: null, amount_captured: '0.00' });

    const res = await t.api.post(`/v1/regions/${r.regionId}/clock/advance`, shop, { seconds: 1 });
    expect((res.body as Advanced).expired_authorizations).toEqual([payment.id]);
  });
});
