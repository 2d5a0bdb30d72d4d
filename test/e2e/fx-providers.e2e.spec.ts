import type { Schemas } from '../../src/adapters/http/openapi-document';
import { expectProblem } from '../support/problems';
import { idempotencyKey, loadRegion, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * Several FX providers per region, the best offer for the payer winning, and per-participant fee
 * schedules. Region: A (KES 100/USD), B (GHS 10/USD), C (NGN 1000/USD): 1,000 GHS is 10,000 KES or
 * 100,000 NGN at the reference rates, so each provider's price is the round amount times its spread.
 */
describe.each(MODES)('FX providers and fee schedules (%s)', (mode) => {
  let t: TestApp;
  let r: ReturnType<typeof regionIndex>;
  let region: Schemas['RegionLoadResult'];

  const providers: Schemas['RegionDefinition']['fx_providers'] = [
    { code: 'wide', name: 'Wide FX', spread_bps: '80' },
    { code: 'tight', name: 'Tight FX', spread_bps: '20', currencies: ['KES', 'GHS'] },
    { code: 'mid', name: 'Mid FX', spread_bps: '50' },
  ];

  beforeAll(async () => {
    t = await startTestApp(mode);
    const definition = threePartyRegion({ A: '1000.00', B: '1000.00', C: '1000.00' });
    const [a, b, c] = definition.central_banks;
    region = await loadRegion(t.api, t.operatorKey, {
      ...definition,
      name: 'Several FX providers',
      fee_bps: '50',
      fx_providers: providers,
      // A's bank charges its own fee (10 bps + 2.5 KES); C's bank charges the region's 50 bps.
      central_banks: [{ ...a!, participants: [{ ...a!.participants![0]!, fee_bps: '10', fixed_fee: '2.5' }] }, b!, c!],
    });
    r = regionIndex(region);
  });
  afterAll(() => t.close());

  const quote = (payer: string, merchant = 'B-SHOP', amount = '1000.00', currency = 'GHS') =>
    t.api.post('/v1/quotes', r.keyOf(merchant), { payer_participant_id: r.participant.get(payer)!.id, amount, currency });
  const providerRef = (code: string) => {
    const provider = region.region.fx_providers.find((p) => p.code === code)!;
    return { id: provider.id, code: provider.code, name: provider.name };
  };

  it('shows the providers on the region and the fee schedule on each participant', async () => {
    expect(region.region.fx_providers).toEqual([
      { id: expect.stringMatching(/^fxp_/), code: 'wide', name: 'Wide FX', spread_bps: '80', currencies: [] },
      { id: expect.stringMatching(/^fxp_/), code: 'tight', name: 'Tight FX', spread_bps: '20', currencies: ['KES', 'GHS'] },
      { id: expect.stringMatching(/^fxp_/), code: 'mid', name: 'Mid FX', spread_bps: '50', currencies: [] },
    ]);
    const fetched = await t.api.get(`/v1/regions/${r.regionId}`, r.operatorKey);
    expect(fetched.body.fx_providers).toEqual(region.region.fx_providers);

    // The fixed fee is in the participant's currency, at its minor unit.
    expect(r.participant.get('A-BANK')).toMatchObject({ fee_bps: '10', fixed_fee: '2.50' });
    expect(r.participant.get('C-BANK')).toMatchObject({ fee_bps: null, fixed_fee: null });
    const participant = await t.api.get(`/v1/participants/${r.participant.get('A-BANK')!.id}`, r.operatorKey);
    expect(participant.body).toMatchObject({ fee_bps: '10', fixed_fee: '2.50' });
  });

  it('quotes the offer that costs the payer least, lists every offer best first, and the payment records its provider', async () => {
    // 10,000 KES at the reference rates; A's own fee: 10 bps of the principal + 2.50 KES.
    const res = await quote('A-BANK');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fx_provider: providerRef('tight'),
      rate: '10.02',
      payer_principal: '10020.00',
      // 10,020.00 × 0.1 % = 10.02, + 2.50
      fee: '12.52',
      payer_amount: '10032.52',
    });
    expect(res.body.offers).toEqual([
      { fx_provider: providerRef('tight'), rate: '10.02', payer_principal: '10020.00', fee: '12.52', payer_amount: '10032.52' },
      { fx_provider: providerRef('mid'), rate: '10.05', payer_principal: '10050.00', fee: '12.55', payer_amount: '10062.55' },
      { fx_provider: providerRef('wide'), rate: '10.08', payer_principal: '10080.00', fee: '12.58', payer_amount: '10092.58' },
    ]);
    const again = await t.api.get(`/v1/quotes/${res.body.id}`, r.keyOf('B-SHOP'));
    expect(again.body).toEqual(res.body);

    const fromQuote = await t.api.post('/v1/payments', r.keyOf('B-SHOP'), { quote_id: res.body.id }, idempotencyKey());
    expect(fromQuote.status).toBe(201);
    expect(fromQuote.body).toMatchObject({ fx_provider: providerRef('tight'), payer_amount: '10032.52' });
    const fetched = await t.api.get(`/v1/payments/${fromQuote.body.id}`, r.keyOf('B-SHOP'));
    expect(fetched.body.fx_provider).toEqual(providerRef('tight'));

    // Priced on the spot: the same best offer.
    const direct = await t.api.post(
      '/v1/payments',
      r.keyOf('B-SHOP'),
      { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '1000.00', currency: 'GHS' },
      idempotencyKey(),
    );
    expect(direct.status).toBe(201);
    expect(direct.body).toMatchObject({ quote_id: null, fx_provider: providerRef('tight'), payer_amount: '10032.52' });
  });

  it("leaves out a provider that does not convert the payer's currency, and charges the region's fee without a schedule", async () => {
    // Tight FX converts only KES and GHS, so an NGN payer gets Mid FX: 100,000 × 1.005 = 100,500.00 NGN;
    // C's bank has no schedule: the region's 50 bps = 502.50 NGN.
    const res = await quote('C-BANK');
    expect(res.status).toBe(201);
    expect(res.body.offers.map((offer: Schemas['FxOffer']) => offer.fx_provider.code)).toEqual(['mid', 'wide']);
    expect(res.body).toMatchObject({
      fx_provider: providerRef('mid'),
      payer_principal: '100500.00',
      fee: '502.50',
      payer_amount: '101002.50',
    });
  });

  it('needs no provider for a payment in one currency', async () => {
    // A's bank pays A's shop in KES: nothing to convert, no spread; only A's own fee (10 bps + 2.50).
    const res = await quote('A-BANK', 'A-SHOP', '1000.00', 'KES');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fx_provider: null, offers: [], rate: '1', payer_principal: '1000.00', fee: '3.50' });
  });

  it('refuses a payment no provider converts, naming the pair', async () => {
    const partial = regionIndex(
      await loadRegion(t.api, t.operatorKey, {
        ...threePartyRegion(),
        name: 'No NGN provider',
        fx_providers: [{ code: 'kg', name: 'KES-GHS FX', spread_bps: '10', currencies: ['KES', 'GHS'] }],
      }),
    );
    const body = { payer_participant_id: partial.participant.get('C-BANK')!.id, amount: '1000.00', currency: 'GHS' };
    const quoted = await t.api.post('/v1/quotes', partial.keyOf('B-SHOP'), body);
    expectProblem(quoted, 422, 'fx_rate_unavailable', 'currency');
    expect(quoted.body.detail).toContain('NGN and GHS');
    const paid = await t.api.post('/v1/payments', partial.keyOf('B-SHOP'), body, idempotencyKey());
    expectProblem(paid, 422, 'fx_rate_unavailable', 'currency');
  });

  it('refuses provider documents that repeat a code, name a foreign currency or give a bad spread, naming the field', async () => {
    const withProviders = (name: string, fx_providers: Schemas['RegionDefinition']['fx_providers']) => ({
      ...threePartyRegion(),
      name,
      fx_providers,
    });
    const repeated = await t.api.post(
      '/v1/regions',
      t.operatorKey,
      withProviders('Repeated provider', [
        { code: 'one', name: 'One', spread_bps: '10' },
        { code: 'one', name: 'One again', spread_bps: '20' },
      ]),
    );
    expectProblem(repeated, 409, 'region_conflict', 'fx_providers[1].code');

    const foreign = await t.api.post(
      '/v1/regions',
      t.operatorKey,
      withProviders('Foreign currency', [{ code: 'cfa', name: 'CFA FX', spread_bps: '10', currencies: ['KES', 'XOF'] }]),
    );
    expectProblem(foreign, 422, 'currency_not_in_region', 'fx_providers[0].currencies[1]');

    const badSpread = await t.api.post(
      '/v1/regions',
      t.operatorKey,
      withProviders('Bad spread', [{ code: 'neg', name: 'Negative FX', spread_bps: '-5' }]),
    );
    expectProblem(badSpread, 422, 'validation_failed', 'fx_providers[0].spread_bps');

    const definition = threePartyRegion();
    const [a, b, c] = definition.central_banks;
    const badFee = await t.api.post('/v1/regions', t.operatorKey, {
      ...definition,
      name: 'Bad fixed fee',
      central_banks: [{ ...a!, participants: [{ ...a!.participants![0]!, fixed_fee: '1e3' }] }, b!, c!],
    });
    expectProblem(badFee, 422, 'validation_failed', 'central_banks[0].participants[0].fixed_fee');
  });
});
