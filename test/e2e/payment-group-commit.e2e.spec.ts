import type { Schemas } from '../../src/adapters/http/openapi-document';
import type { Principal } from '../../src/modules/access/principal';
import { type Db, PRISMA, SQL, type SqlClient } from '../../src/modules/shared/persistence';
import { findStoredAnswer, requestDigest } from '../../src/modules/idempotency/idempotent-executor';
import { CreatePaymentCommand } from '../../src/modules/payments/commands/create-payment/create-payment.command';
import type { PaymentCreated } from '../../src/modules/payments/commands/create-payment/payment-creation-batch';
import { PaymentCreationBatch } from '../../src/modules/payments/commands/create-payment/payment-creation-batch';
import type { Settled } from '../../src/modules/shared/group-commit';
import { expectProblem } from '../support/problems';
import { idempotencyKey, loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

type PaymentRequest = Schemas['PaymentRequest'];
/** A payment priced on the spot (not from a quote). */
type DirectRequest = Extract<PaymentRequest, { amount: string }>;

/**
 * Group commit: payment creations that arrive together are written by one statement (one multi-row
 * insert per table), and each still gets the answer it would have got alone.
 */
describe.each(MODES)('payment group commit (%s)', (mode) => {
  let t: TestApp;
  let region: ReturnType<typeof regionIndex>;
  let batch: PaymentCreationBatch;
  /** The platform operator, as the API key guard resolves `t.operatorKey`. */
  const operator: Principal = { keyId: 'operator', role: 'operator', regionId: null, subjectId: null };

  beforeAll(async () => {
    t = await startTestApp(mode);
    region = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion()));
    batch = t.app.get(PaymentCreationBatch);
  });

  afterAll(() => t.close());

  afterEach(() => jest.restoreAllMocks());

  /** A payment to A-SHOP from C-BANK; `reference` tells the payments of one test apart. */
  const order = (reference: string, amount = '100.00', extra: Partial<DirectRequest> = {}): DirectRequest => ({
    merchant_id: region.merchant.get('A-SHOP')!.id,
    payer_participant_id: region.participant.get('C-BANK')!.id,
    amount,
    currency: 'KES',
    reference,
    ...extra,
  });

  /** The command the HTTP controller builds for this body and key, sent as the platform operator. */
  const command = (request: PaymentRequest, key: string) =>
    new CreatePaymentCommand(operator, request, {
      scope: operator.keyId,
      key,
      requestHash: requestDigest('POST', '/v1/payments', request),
    });

  async function quote(reference: string): Promise<string> {
    const res = await t.api.post('/v1/quotes', t.operatorKey, {
      merchant_id: region.merchant.get('A-SHOP')!.id,
      payer_participant_id: region.participant.get('C-BANK')!.id,
      amount: '40.00',
      currency: 'KES',
      reference,
    });
    expect(res.status).toBe(201);
    return (res.body as Schemas['Quote']).id;
  }

  async function stored(referencePrefix: string): Promise<Schemas['Payment'][]> {
    const res = await t.api.get('/v1/payments?limit=100', t.operatorKey);
    return (res.body as Schemas['PaymentList']).data.filter((p) => p.reference?.startsWith(referencePrefix));
  }

  async function eventsOf(paymentIds: readonly string[]): Promise<{ type: string; id: string }[]> {
    const res = await t.api.get('/v1/events?limit=100', t.operatorKey);
    return (res.body as Schemas['EventList']).data
      .map((e) => ({ type: e.type, id: (e.data.object as { id: string }).id }))
      .filter((e) => paymentIds.includes(e.id));
  }

  async function openWindowObligations(): Promise<number> {
    const res = await t.api.get('/v1/settlement-windows?status=open', region.operatorKey);
    return (res.body as Schemas['SettlementWindowList']).data[0]!.obligation_count;
  }

  const value = (outcome: Settled<PaymentCreated>) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.value.response;
  };
  const created = (outcome: Settled<PaymentCreated>) => {
    const response = value(outcome);
    if (!('body' in response)) throw response.problem;
    return response;
  };
  const errorCode = (outcome: Settled<PaymentCreated>) => (outcome.ok ? undefined : (outcome.error as { code?: string }).code);

  it('writes a mixed batch together and answers each request as it would be answered alone', async () => {
    const beforeOne = await openWindowObligations();
    await pay(t.api, t.operatorKey, order('calibration'));
    const perCapture = (await openWindowObligations()) - beforeOne;
    const quoteId = await quote('mixed quote');
    const keys = Array.from({ length: 8 }, (_, i) => `mixed-${mode}-${Date.now()}-${i}`);
    const commands = [
      command(order('mixed 1'), keys[0]!),
      command(order('mixed 2', '200.00'), keys[1]!),
      command(order('force_insufficient_funds'), keys[2]!),
      // A concurrent duplicate of the first (same key, same body), and one of the second with another body.
      command(order('mixed 1'), keys[0]!),
      command(order('mixed 2', '999.00'), keys[1]!),
      // Two requests paying one quote: the first pays it, the second finds it used.
      command({ quote_id: quoteId, reference: 'mixed quote 1' }, keys[3]!),
      command({ quote_id: quoteId, reference: 'mixed quote 2' }, keys[4]!),
      command(order('mixed unknown payer', '10.00', { payer_participant_id: 'par_unknown' }), keys[5]!),
      command(order('mixed manual', '50.00', { capture_method: 'manual' }), keys[6]!),
    ];
    const before = await openWindowObligations();

    const outcomes = await batch.write(commands);

    const first = created(outcomes[0]!);
    expect(first).toMatchObject({ status: 201, replayed: false, body: { status: 'captured', amount: '100.00', reference: 'mixed 1' } });
    expect(created(outcomes[1]!).body).toMatchObject({ status: 'captured', amount: '200.00' });
    expect(created(outcomes[2]!).body).toMatchObject({ status: 'declined', failure: { code: 'insufficient_funds' } });
    expect(created(outcomes[3]!)).toEqual({ status: 201, replayed: true, body: first.body });
    expect(errorCode(outcomes[4]!)).toBe('idempotency_key_conflict');
    expect(created(outcomes[5]!).body).toMatchObject({ status: 'captured', quote_id: quoteId, amount: '40.00' });
    expect(errorCode(outcomes[6]!)).toBe('quote_already_used');
    expect(errorCode(outcomes[7]!)).toBe('reference_not_found');
    expect(created(outcomes[8]!).body).toMatchObject({ status: 'authorized', window_id: null });

    // Exactly the payments that were answered 201 exist, once each, with one outbox event each.
    const ids = [0, 1, 2, 5, 8].map((i) => created(outcomes[i]!).body.id);
    expect((await stored('mixed ')).map((p) => p.id).sort()).toEqual([0, 1, 5, 8].map((i) => created(outcomes[i]!).body.id).sort());
    expect((await stored('force_insufficient_funds')).map((p) => p.id)).toContain(ids[2]);
    expect((await eventsOf(ids)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { type: 'payment.captured', id: ids[0]! },
        { type: 'payment.captured', id: ids[1]! },
        { type: 'payment.declined', id: ids[2]! },
        { type: 'payment.captured', id: ids[3]! },
        { type: 'payment.authorized', id: ids[4]! },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect((await openWindowObligations()) - before).toBe(3 * perCapture);

    // Refusals were recorded for their keys: the same request again gets the same problem, replayed.
    const again = await t.api.post(
      '/v1/payments',
      t.operatorKey,
      { quote_id: quoteId, reference: 'mixed quote 2' },
      { 'Idempotency-Key': keys[4]! },
    );
    expectProblem(again, 409, 'quote_already_used', 'quote_id');
    expect(again.headers['idempotent-replayed']).toBe('true');
    const replayedFirst = await t.api.post('/v1/payments', t.operatorKey, order('mixed 1'), { 'Idempotency-Key': keys[0]! });
    expect(replayedFirst.body).toEqual(first.body);
  });

  it('answers a burst of concurrent requests through HTTP each with its own answer', async () => {
    const quoteId = await quote('burst quote');
    const duplicateKey = idempotencyKey();
    const bodies: { body: DirectRequest; headers: Record<string, string>; expect: number }[] = [
      ...Array.from({ length: 12 }, (_, i) => ({ body: order(`burst ${i}`, `${10 + i}.00`), headers: idempotencyKey(), expect: 201 })),
      ...Array.from({ length: 4 }, () => ({ body: order('burst duplicate'), headers: duplicateKey, expect: 201 })),
      ...Array.from({ length: 3 }, () => ({ body: order('force_net_debit_cap'), headers: idempotencyKey(), expect: 201 })),
    ];
    const quoteBodies = Array.from({ length: 3 }, (_, i) => ({
      body: { quote_id: quoteId, reference: `burst quote ${i}` },
      headers: idempotencyKey(),
    }));

    const [answers, quoteAnswers] = await Promise.all([
      Promise.all(bodies.map((b) => t.api.post('/v1/payments', t.operatorKey, b.body, b.headers))),
      Promise.all(quoteBodies.map((b) => t.api.post('/v1/payments', t.operatorKey, b.body, b.headers))),
    ]);

    expect(answers.map((a) => a.status)).toEqual(bodies.map((b) => b.expect));
    const duplicates = answers.slice(12, 16).map((a) => (a.body as Schemas['Payment']).id);
    expect(new Set(duplicates).size).toBe(1);
    expect(answers.slice(16).map((a) => (a.body as Schemas['Payment']).status)).toEqual(['declined', 'declined', 'declined']);
    expect(quoteAnswers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const a of quoteAnswers.filter((q) => q.status === 409)) expectProblem(a, 409, 'quote_already_used', 'quote_id');
    // One payment per distinct request: 12 orders, 1 for the duplicates, 1 for the quote.
    expect(await stored('burst ')).toHaveLength(14);
  });

  it('runs each request of a batch alone when the batch write fails, so each still gets its answer', async () => {
    const sql = t.app.get<SqlClient>(SQL);
    const query = sql.query.bind(sql);
    let failed = false;
    let committedWrites = 0;
    const spy = jest.spyOn(sql, 'query').mockImplementation(async (text, params) => {
      if (!failed && text.includes('INSERT INTO "payments"')) {
        failed = true;
        throw new Error('injected: the batch write fails');
      }
      const rows = await query(text, params);
      if (text.includes('INSERT INTO "payments"') && (rows[0] as { ok?: boolean } | undefined)?.ok) committedWrites += 1;
      return rows;
    });
    const keys = Array.from({ length: 4 }, (_, i) => `fallback-${mode}-${Date.now()}-${i}`);
    const commands = [
      command(order('fallback 1'), keys[0]!),
      command(order('fallback 2'), keys[1]!),
      command(order('fallback 1'), keys[0]!),
      command(order('force_insufficient_funds', '5.00'), keys[2]!),
    ];

    const outcomes = await batch.write(commands);

    // The batch's write failed; then each request ran alone, the duplicate replaying the first (it
    // wrote nothing: a write assuming its key was new found the answer and the request read it).
    expect(spy.mock.calls.filter(([text]) => text.includes('INSERT INTO "payments"')).length).toBeGreaterThanOrEqual(4);
    expect(committedWrites).toBe(3);
    expect(created(outcomes[0]!)).toMatchObject({ status: 201, replayed: false, body: { status: 'captured' } });
    expect(created(outcomes[1]!)).toMatchObject({ status: 201, replayed: false, body: { status: 'captured' } });
    expect(created(outcomes[2]!)).toEqual({ status: 201, replayed: true, body: created(outcomes[0]!).body });
    expect(created(outcomes[3]!).body).toMatchObject({ status: 'declined' });
    expect((await stored('fallback ')).map((p) => p.id).sort()).toEqual(
      [created(outcomes[0]!).body.id, created(outcomes[1]!).body.id].sort(),
    );
  });

  it('keeps a new payment’s answer once, in its event, and replays it from there on every path', async () => {
    const key = `answer-in-event-${mode}-${Date.now()}`;
    const [outcome] = await batch.write([command(order('answer in event'), key)]);
    const body = created(outcome!).body;

    const record = await t.app
      .get<Db>(PRISMA)
      .idempotencyRecord.findUniqueOrThrow({ where: { scope_key: { scope: operator.keyId, key } } });
    expect(record.responseBody).toBeNull();
    const event = await t.app.get<Db>(PRISMA).event.findUniqueOrThrow({ where: { id: record.responseEventId! } });
    expect(event.data).toEqual(body);
    // The batch's read and the lone lookup after a lost race both give the stored answer back.
    const [again] = await batch.write([command(order('answer in event'), key)]);
    expect(created(again!)).toEqual({ status: 201, replayed: true, body });
    expect(await findStoredAnswer(t.app.get<Db>(PRISMA), { scope: operator.keyId, key })).toEqual({
      requestHash: record.requestHash,
      responseStatus: 201,
      responseBody: body,
    });
  });

  it('sends a new payment’s answer as the JSON its event keeps, serialised once for both', async () => {
    const res = await t.api.post('/v1/payments', t.operatorKey, order('answer as event text'), idempotencyKey());

    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const events = await t.app.get<Db>(PRISMA).event.findMany({ where: { data: { path: ['id'], equals: res.body.id } } });
    expect(events.map((e) => ({ type: e.type, data: e.data }))).toEqual([{ type: 'payment.captured', data: res.body }]);
  });

  it('writes a batch into the next window when the open window closes between its read and its write', async () => {
    const openWindow = async () =>
      ((await t.api.get('/v1/settlement-windows?status=open', region.operatorKey)).body as Schemas['SettlementWindowList']).data[0]!;
    const closing = await openWindow();
    const sql = t.app.get<SqlClient>(SQL);
    const query = sql.query.bind(sql);
    const spy = jest.spyOn(sql, 'query').mockImplementation(async (text, params) => {
      if (text.includes('INSERT INTO "payments"') && spy.mock.calls.filter(([q]) => q.includes('INSERT INTO "payments"')).length === 1) {
        // The batch has read the window it means to write into; a close takes that window now.
        expect((await t.api.post(`/v1/settlement-windows/${closing.id}/close`, t.operatorKey)).status).toBe(200);
      }
      return query(text, params);
    });

    const outcomes = await batch.write([
      command(order('window handover 1'), idempotencyKey()['Idempotency-Key']!),
      command(order('window handover 2'), idempotencyKey()['Idempotency-Key']!),
    ]);

    const next = await openWindow();
    expect(next.id).not.toBe(closing.id);
    // The first write found the window closed and wrote nothing; the batch read again and wrote into the next one.
    expect(spy.mock.calls.filter(([text]) => text.includes('INSERT INTO "payments"'))).toHaveLength(2);
    expect(outcomes.map((o) => created(o).body.window_id)).toEqual([next.id, next.id]);
    expect(next.obligation_count).toBeGreaterThan(0);
    const paymentIds = outcomes.map((o) => created(o).body.id);
    const inWindow = async (windowId: string) =>
      ((await t.api.get(`/v1/payments?window_id=${windowId}&limit=100`, t.operatorKey)).body as Schemas['PaymentList']).data.map(
        (p) => p.id,
      );
    expect(await inWindow(closing.id)).not.toEqual(expect.arrayContaining([paymentIds[0]]));
    expect(await inWindow(next.id)).toEqual(expect.arrayContaining(paymentIds));
    expect((await stored('window handover ')).map((p) => p.id).sort()).toEqual([...paymentIds].sort());
  });

  it('writes without reading once this process has read the region, and reads again when what it remembered changed', async () => {
    await batch.write([command(order('remembered warm-up'), `remembered-warm-${mode}-${Date.now()}`)]);
    const sql = t.app.get<SqlClient>(SQL);
    const spy = jest.spyOn(sql, 'query');
    const contextReads = () => spy.mock.calls.filter(([text]) => text.includes('batch_quotes')).length;

    const [first] = await batch.write([command(order('remembered 1'), `remembered-1-${mode}-${Date.now()}`)]);
    expect(created(first!).body).toMatchObject({ status: 'captured', reference: 'remembered 1' });
    expect(contextReads()).toBe(0);

    // The test clock moved (as another process could move it): the write's check fails, nothing is
    // written, and the batch reads the region again and writes at the new sandbox time.
    const advanced = await t.api.post(`/v1/regions/${region.regionId}/clock/advance`, region.operatorKey, { seconds: 3600 });
    expect(advanced.status).toBe(200);
    const [second] = await batch.write([command(order('remembered 2'), `remembered-2-${mode}-${Date.now()}`)]);
    const createdAt = new Date(created(second!).body.created_at).getTime();
    expect(createdAt - Date.now()).toBeGreaterThan(3500 * 1000);
    expect(contextReads()).toBe(1);
    expect((await stored('remembered ')).map((p) => p.reference).sort()).toEqual(['remembered 1', 'remembered 2', 'remembered warm-up']);
  });

  // Another process is simulated by a second connection, which needs PostgreSQL (PGlite has one).
  if (mode === 'postgres') {
    it('answers a request whose key another process committed meanwhile with that process’s answer', async () => {
      const key = `race-${Date.now()}`;
      const mine = command(order('race mine'), key);
      const theirs = await pay(t.api, t.operatorKey, order('race theirs'));
      const sql = t.app.get<SqlClient>(SQL);
      const query = sql.query.bind(sql);
      let raced = false;
      jest.spyOn(sql, 'query').mockImplementation(async (text, params) => {
        if (!raced && text.includes('INSERT INTO "payments"')) {
          raced = true;
          await t.sql(
            'INSERT INTO idempotency_records (scope, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, 201, $4)',
            [mine.idempotency.scope, key, mine.idempotency.requestHash, JSON.stringify(theirs)],
          );
        }
        return query(text, params);
      });

      const outcomes = await batch.write([mine, command(order('race other'), `${key}-other`)]);

      expect(created(outcomes[0]!)).toEqual({ status: 201, replayed: true, body: theirs });
      expect(created(outcomes[1]!).body).toMatchObject({ status: 'captured', reference: 'race other' });
      expect((await stored('race ')).map((p) => p.reference).sort()).toEqual(['race other', 'race theirs']);
    });
  }
});
