import type { Schemas } from '../../src/adapters/http/openapi-document';
import { verifyWebhookSignature } from '../../src/client';
import { WebhookDispatcher } from '../../src/modules/webhooks/webhook-dispatcher';
import { expectProblem } from '../support/problems';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';
import { WebhookReceiver } from '../support/webhook-receiver';

type Endpoint = Schemas['WebhookEndpoint'];
type Delivery = Schemas['WebhookDelivery'];
type Event = Schemas['Event'];

/**
 * Events and signed webhooks end to end: a real HTTP receiver on 127.0.0.1 gets each event, verifies it
 * with the exported helper, and sees failures retried on the (scaled) published schedule.
 * Region: A (KES 100/USD), B (GHS 10/USD), C (NGN 1000/USD), plenty of liquidity; B-SHOP takes payments
 * from A-BANK's customers.
 */
describe.each(MODES)('webhooks (%s)', (mode) => {
  let t: TestApp;
  let r: ReturnType<typeof regionIndex>;
  let windowId: string;
  let merchantKey: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await startTestApp(mode);
    const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '1000.00', B: '1000.00', C: '1000.00' }));
    r = regionIndex(loaded);
    windowId = loaded.settlement_window.id;
    merchantKey = r.keyOf('B-SHOP');
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await t.close();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const started = await WebhookReceiver.start();
    receivers.push(started);
    return started;
  }

  async function endpointFor(url: string, enabledEvents: Schemas['WebhookEventFilter'][], key = merchantKey): Promise<Endpoint> {
    const res = await t.api.post('/v1/webhook-endpoints', key, { url, enabled_events: enabledEvents });
    expect(res.status).toBe(201);
    return res.body as Endpoint;
  }

  const payB = (amount = '100.00', captureMethod: 'automatic' | 'manual' = 'automatic') =>
    pay(t.api, merchantKey, {
      payer_participant_id: r.participant.get('A-BANK')!.id,
      amount,
      currency: 'GHS',
      capture_method: captureMethod,
    });

  async function deliveriesOf(endpoint: Endpoint, key = merchantKey): Promise<Delivery[]> {
    const res = await t.api.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, key);
    expect(res.status).toBe(200);
    return (res.body as Schemas['WebhookDeliveryList']).data;
  }

  async function eventsOf(type: Schemas['EventType'], key = merchantKey): Promise<Event[]> {
    const res = await t.api.get(`/v1/events?type=${type}&limit=100`, key);
    expect(res.status).toBe(200);
    return (res.body as Schemas['EventList']).data;
  }

  it('POSTs a signed payment.captured that verifies with the client helper and is the event the API shows', async () => {
    const hooks = await receiver();
    const endpoint = await endpointFor(hooks.url, ['payment.captured']);
    expect(endpoint.secret).toMatch(/^whsec_/);

    const payment = await payB();
    const [webhook] = await hooks.waitFor(1);

    const event = verifyWebhookSignature({
      payload: webhook!.body,
      header: String(webhook!.headers['corridor-signature']),
      secret: endpoint.secret!,
    });
    expect(event).toMatchObject({ type: 'payment.captured', data: { object: { id: payment.id, status: 'captured' } } });
    expect(event.data.object).toEqual(payment);
    expect(webhook!.headers['corridor-event-id']).toBe(event.id);
    expect(webhook!.headers['content-type']).toBe('application/json');
    expect((await t.api.get(`/v1/events/${event.id}`, merchantKey)).body).toEqual(event);
    const delivered = await eventually(
      async () => (await deliveriesOf(endpoint)).find((d) => d.status === 'succeeded'),
      'the delivery log',
    );
    expect(delivered).toMatchObject({ event_id: event.id, event_type: 'payment.captured', attempt_count: 1, next_attempt_at: null });
    expect(delivered.attempts).toEqual([
      expect.objectContaining({ number: 1, manual: false, succeeded: true, status_code: 200, error: null, response_excerpt: 'ok' }),
    ]);
  });

  it('retries an endpoint answering 500 on the scaled schedule until it accepts, logging every attempt', async () => {
    const hooks = await receiver();
    hooks.answerNext(500, 500);
    const endpoint = await endpointFor(hooks.url, ['payment.captured']);

    await payB();
    const [first, second, third] = await hooks.waitFor(3);

    // The schedule's first two waits, 1 min and 5 min, at CORRIDOR_WEBHOOK_RETRY_SCALE = 0.001.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(60);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(300);
    expect(new Set([first, second, third].map((w) => w!.headers['corridor-event-id'])).size).toBe(1);
    const delivery = await eventually(async () => (await deliveriesOf(endpoint)).find((d) => d.status === 'succeeded'), 'the delivery');
    expect(delivery.attempt_count).toBe(3);
    expect(delivery.attempts.map((a) => [a.number, a.status_code, a.succeeded, a.error, a.response_excerpt])).toEqual([
      [1, 500, false, 'The endpoint answered 500.', 'receiver says no (500)'],
      [2, 500, false, 'The endpoint answered 500.', 'receiver says no (500)'],
      [3, 200, true, null, 'ok'],
    ]);
  });

  it('sends an endpoint only the event types it asked for', async () => {
    const hooks = await receiver();
    const endpoint = await endpointFor(hooks.url, ['payment.voided']);

    const authorized = await payB('40.00', 'manual');
    expect((await t.api.post(`/v1/payments/${authorized.id}/void`, merchantKey)).status).toBe(200);
    const [webhook] = await hooks.waitFor(1);

    expect(JSON.parse(webhook!.body)).toMatchObject({ type: 'payment.voided', data: { object: { id: authorized.id } } });
    // payment.authorized was recorded (and dispatched) first, yet never became a delivery.
    expect((await eventsOf('payment.authorized')).map((e) => (e.data.object as Schemas['Payment']).id)).toContain(authorized.id);
    expect((await deliveriesOf(endpoint)).map((d) => d.event_type)).toEqual(['payment.voided']);
  });

  it('fans each event out once while several dispatchers take from the queue at the same time', async () => {
    const hooks = await receiver();
    const endpoint = await endpointFor(hooks.url, ['payment.captured']);
    const payments = await Promise.all(Array.from({ length: 12 }, (_, i) => payB(`${i + 1}.00`)));
    // The scheduled dispatch runs too: three dispatchers race for the same queue.
    const dispatcher = t.app.get(WebhookDispatcher);
    await Promise.all([dispatcher.dispatchPending(), dispatcher.dispatchPending()]);

    await hooks.waitFor(payments.length);
    const delivered = (await deliveriesOf(endpoint)).map((d) => d.event_id);
    expect(new Set(delivered).size).toBe(delivered.length);
    const captured = (await eventsOf('payment.captured')).filter((e) =>
      payments.some((p) => p.id === (e.data.object as Schemas['Payment']).id),
    );
    expect(delivered.sort()).toEqual(captured.map((e) => e.id).sort());
  });

  it('redelivers an event on request, at once, logging it as a manual attempt', async () => {
    const hooks = await receiver();
    const endpoint = await endpointFor(hooks.url, ['payment.captured']);
    await payB();
    await hooks.waitFor(1);
    const delivery = await eventually(async () => (await deliveriesOf(endpoint)).find((d) => d.status === 'succeeded'), 'the delivery');

    const res = await t.api.post(`/v1/webhook-deliveries/${delivery.id}/redeliver`, merchantKey);

    expect(res.status).toBe(200);
    const redelivered = res.body as Delivery;
    expect(redelivered).toMatchObject({ id: delivery.id, status: 'succeeded', attempt_count: 1 });
    expect(redelivered.attempts.map((a) => [a.number, a.manual, a.status_code])).toEqual([
      [1, false, 200],
      [2, true, 200],
    ]);
    expect(hooks.received).toHaveLength(2);
    expect(hooks.received[1]!.headers['corridor-event-id']).toBe(delivery.event_id);
  });

  it('records no event for a payment a business rule rejects', async () => {
    const before = (await eventsOf('payment.captured')).length;
    const rejected = await t.api.post(
      '/v1/payments',
      merchantKey,
      { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '100.00', currency: 'KES' },
      idempotencyKey(),
    );
    expectProblem(rejected, 422, 'currency_mismatch', 'currency');
    expect(await eventsOf('payment.captured')).toHaveLength(before);
  });

  it('records one event for concurrent duplicates of a payment, though each ran the change', async () => {
    const key = idempotencyKey();
    const body = { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '12.00', currency: 'GHS' };
    const responses = await Promise.all(Array.from({ length: 4 }, () => t.api.post('/v1/payments', merchantKey, body, key)));

    const ids = new Set(responses.map((res) => (res.body as Schemas['Payment']).id));
    expect(ids.size).toBe(1);
    const [paymentId] = [...ids];
    expect((await eventsOf('payment.captured')).filter((e) => (e.data.object as Schemas['Payment']).id === paymentId)).toHaveLength(1);
  });

  it('records payment.settled and refund.settled, with the settled resource, when the window settles', async () => {
    const payment = await payB('300.00');
    const refund = await t.api.post(`/v1/payments/${payment.id}/refunds`, merchantKey, { amount: '50.00' }, idempotencyKey());
    expect(refund.status).toBe(201);

    const closed = await t.api.post(`/v1/settlement-windows/${windowId}/close`, t.operatorKey);
    expect(closed.body).toMatchObject({ status: 'settled' });

    const settled = (await eventsOf('payment.settled')).find((e) => (e.data.object as Schemas['Payment']).id === payment.id);
    expect(settled?.data.object).toEqual((await t.api.get(`/v1/payments/${payment.id}`, merchantKey)).body);
    expect(settled?.data.object).toMatchObject({ status: 'settled', settled_at: expect.any(String) });
    const refundSettled = (await eventsOf('refund.settled')).find((e) => (e.data.object as Schemas['Refund']).id === refund.body.id);
    expect(refundSettled?.data.object).toMatchObject({ status: 'settled', payment_id: payment.id });
  });

  it('records payment.failed for a payment unwound at the close of its window', async () => {
    // DESIGN's three payments with A one cent short: A's payment A→B is unwound (see settlement-shortfall).
    const short = regionIndex(
      await loadRegion(t.api, t.operatorKey, { ...threePartyRegion({ A: '24.99', B: '200.00', C: '25.00' }), name: 'Short of liquidity' }),
    );
    const unwound = await pay(t.api, short.keyOf('B-SHOP'), {
      payer_participant_id: short.participant.get('A-BANK')!.id,
      amount: '2000.00',
      currency: 'GHS',
    });
    await pay(t.api, short.keyOf('C-SHOP'), {
      payer_participant_id: short.participant.get('B-BANK')!.id,
      amount: '150000.00',
      currency: 'NGN',
    });
    await pay(t.api, short.keyOf('A-SHOP'), {
      payer_participant_id: short.participant.get('C-BANK')!.id,
      amount: '17500.00',
      currency: 'KES',
    });

    expect((await t.api.post(`/v1/settlement-windows/${unwound.window_id!}/close`, t.operatorKey)).body).toMatchObject({
      status: 'settled',
    });

    const failed = await eventsOf('payment.failed', short.keyOf('B-SHOP'));
    expect(failed.map((e) => e.data.object)).toEqual([
      expect.objectContaining({ id: unwound.id, status: 'failed', failure: expect.objectContaining({ code: 'settlement_unwound' }) }),
    ]);
  });

  it('lists events newest first, of one type, page by page', async () => {
    const payments = [await payB('1.00'), await payB('2.00'), await payB('3.00')];

    const first = await t.api.get('/v1/events?type=payment.captured&limit=2', merchantKey);
    const firstPage = first.body as Schemas['EventList'];
    const second = await t.api.get(`/v1/events?type=payment.captured&limit=1&starting_after=${firstPage.next_cursor!}`, merchantKey);
    const secondPage = second.body as Schemas['EventList'];

    const paymentIds = [...firstPage.data, ...secondPage.data].map((e) => (e.data.object as Schemas['Payment']).id);
    expect(paymentIds).toEqual(payments.map((p) => p.id).reverse());
    expect(firstPage.has_more).toBe(true);
    const sequences = [...firstPage.data, ...secondPage.data].map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
  });

  it('shows the signing secret only to the endpoint’s merchant, and lets the operator register one for a merchant it names', async () => {
    const hooks = await receiver();
    const missing = await t.api.post('/v1/webhook-endpoints', t.operatorKey, { url: hooks.url, enabled_events: ['*'] });
    expectProblem(missing, 422, 'validation_failed', 'merchant_id');
    const created = await t.api.post('/v1/webhook-endpoints', t.operatorKey, {
      url: hooks.url,
      enabled_events: ['*'],
      merchant_id: r.merchant.get('B-SHOP')!.id,
      description: 'Set up by the operator',
    });
    expect(created.status).toBe(201);
    const endpoint = created.body as Endpoint;
    expect(endpoint).toMatchObject({ merchant_id: r.merchant.get('B-SHOP')!.id, secret: expect.stringMatching(/^whsec_/) });

    expect((await t.api.get(`/v1/webhook-endpoints/${endpoint.id}`, merchantKey)).body).toMatchObject({ secret: endpoint.secret });
    expect((await t.api.get(`/v1/webhook-endpoints/${endpoint.id}`, t.operatorKey)).body).not.toHaveProperty('secret');
    const listed = (await t.api.get('/v1/webhook-endpoints?limit=100', merchantKey)).body as Schemas['WebhookEndpointList'];
    expect(listed.data.find((e) => e.id === endpoint.id)).toEqual(expect.not.objectContaining({ secret: expect.anything() }));
  });

  it('deletes an endpoint with its delivery log', async () => {
    const hooks = await receiver();
    const endpoint = await endpointFor(hooks.url, ['*']);

    expect((await t.api.delete(`/v1/webhook-endpoints/${endpoint.id}`, merchantKey)).status).toBe(204);

    expectProblem(await t.api.get(`/v1/webhook-endpoints/${endpoint.id}`, merchantKey), 404, 'not_found');
    expectProblem(await t.api.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, merchantKey), 404, 'not_found');
  });

  it('never shows a merchant another merchant’s endpoints, deliveries or events', async () => {
    const hooks = await receiver();
    const endpoint = await endpointFor(hooks.url, ['payment.captured']);
    await payB();
    await hooks.waitFor(1);
    const [delivery] = await eventually(async () => {
      const found = await deliveriesOf(endpoint);
      return found.length > 0 ? found : undefined;
    }, 'the delivery');
    const otherKey = r.keyOf('A-SHOP');

    for (const res of [
      await t.api.get(`/v1/webhook-endpoints/${endpoint.id}`, otherKey),
      await t.api.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, otherKey),
      await t.api.post(`/v1/webhook-endpoints/${endpoint.id}/enable`, otherKey),
      await t.api.delete(`/v1/webhook-endpoints/${endpoint.id}`, otherKey),
      await t.api.post(`/v1/webhook-deliveries/${delivery!.id}/redeliver`, otherKey),
      await t.api.get(`/v1/events/${delivery!.event_id}`, otherKey),
    ]) {
      expectProblem(res, 404, 'not_found');
    }
    const theirEndpoints = (await t.api.get('/v1/webhook-endpoints', otherKey)).body as Schemas['WebhookEndpointList'];
    expect(theirEndpoints.data).toEqual([]);
    const theirEvents = (await t.api.get('/v1/events?limit=100', otherKey)).body as Schemas['EventList'];
    expect(theirEvents.data.map((e) => e.id)).not.toContain(delivery!.event_id);
    expect(hooks.received).toHaveLength(1);
  });

  it('shows events to the merchant’s acquiring participant and central bank, not to the payer’s', async () => {
    const payment = await payB('7.00');
    const [event] = (await eventsOf('payment.captured')).filter((e) => (e.data.object as Schemas['Payment']).id === payment.id);

    expect((await t.api.get(`/v1/events/${event!.id}`, r.keyOf('B-BANK'))).status).toBe(200);
    expect((await t.api.get(`/v1/events/${event!.id}`, r.keyOf('B'))).status).toBe(200);
    expectProblem(await t.api.get(`/v1/events/${event!.id}`, r.keyOf('A-BANK')), 404, 'not_found');
    expectProblem(await t.api.get(`/v1/events/${event!.id}`, r.keyOf('A')), 404, 'not_found');
  });

  it("shows a central bank only its own endpoints (none of its merchants'), and lets no participant key manage them", async () => {
    const banks = (await t.api.get('/v1/webhook-endpoints', r.keyOf('B'))).body as Schemas['WebhookEndpointList'];
    expect(banks.data).toEqual([]);
    expectProblem(await t.api.get('/v1/webhook-endpoints', r.keyOf('B-BANK')), 403, 'forbidden');
  });
});

/**
 * The disable rule needs five deliveries to run through all eight attempts: the schedule is scaled
 * 100,000 times down (0.6 ms … 0.86 s) so that they do within seconds.
 */
describe.each(MODES)('a webhook endpoint that keeps failing (%s)', (mode) => {
  let t: TestApp;
  let r: ReturnType<typeof regionIndex>;
  let failing: WebhookReceiver;
  let watcher: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp(mode, { webhookRetryScale: 0.000_01 });
    r = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '1000.00', B: '1000.00', C: '1000.00' })));
    [failing, watcher] = await Promise.all([WebhookReceiver.start(), WebhookReceiver.start()]);
  });
  afterAll(async () => {
    await Promise.all([failing.close(), watcher.close()]);
    await t.close();
  });

  it('is disabled after 5 deliveries in a row fail for good, says so in an event, and works again once enabled', async () => {
    const merchantKey = r.keyOf('B-SHOP');
    const payB = () => pay(t.api, merchantKey, { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '10.00', currency: 'GHS' });
    failing.answerAlways(503);
    const endpoint = (await t.api.post('/v1/webhook-endpoints', merchantKey, { url: failing.url, enabled_events: ['payment.captured'] }))
      .body as Endpoint;
    await t.api.post('/v1/webhook-endpoints', merchantKey, {
      url: watcher.url,
      enabled_events: ['webhook_endpoint.disabled', 'payment.captured'],
    });

    for (let i = 0; i < 5; i += 1) await payB();
    const disabled = await eventually(
      async () => {
        const current = (await t.api.get(`/v1/webhook-endpoints/${endpoint.id}`, merchantKey)).body as Endpoint;
        return current.status === 'disabled' ? current : undefined;
      },
      'the endpoint to be disabled',
      30_000,
    );

    expect(disabled.disabled_reason).toBe('5 deliveries in a row failed after every retry; the last attempt: The endpoint answered 503.');
    expect(failing.received).toHaveLength(5 * 8);
    const deliveries = (await t.api.get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, merchantKey))
      .body as Schemas['WebhookDeliveryList'];
    expect(deliveries.data.map((d) => [d.status, d.attempt_count, d.next_attempt_at])).toEqual(Array(5).fill(['failed', 8, null]));
    const notice = await eventually(async () => {
      const bodies = watcher.received.map((w) => JSON.parse(w.body) as Event);
      return bodies.find((e) => e.type === 'webhook_endpoint.disabled');
    }, 'the webhook_endpoint.disabled event');
    // The endpoint as its merchant sees it, but never with its secret: events travel to other URLs.
    expect(notice.data.object).toEqual({ ...disabled, secret: undefined });
    expect(notice.data.object).not.toHaveProperty('secret');

    // Disabled: a new payment reaches the other endpoint but not this one.
    await payB();
    await watcher.waitFor(7);
    expect(failing.received).toHaveLength(5 * 8);

    const enabled = await t.api.post(`/v1/webhook-endpoints/${endpoint.id}/enable`, merchantKey);
    expect(enabled.body).toMatchObject({ status: 'enabled', disabled_reason: null, disabled_at: null });
    failing.answerAlways(200);
    const payment = await payB();
    const [lastWebhook] = (await failing.waitFor(5 * 8 + 1)).slice(-1);
    expect(JSON.parse(lastWebhook!.body)).toMatchObject({ type: 'payment.captured', data: { object: { id: payment.id } } });
  });
});
