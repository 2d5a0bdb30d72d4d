import fc from 'fast-check';
import { domainErrorOf } from '../test-support';
import { Decimal } from '../money/decimal';
import { fromMinorUnits } from '../money/amount';
import { currencyScale } from '../money/currency';
import { roundToScale } from '../money/rounding';
import { type FeeSchedule, type FxProviderTerms, feeScheduleOf, priceBestOffer, servesPair } from './fx-offers';
import type { FxReferenceRates } from './quote-pricing';

const rates: FxReferenceRates = {
  settlementAsset: 'USD',
  ratePerAsset: new Map([
    ['KES', new Decimal('129.5')],
    ['NGN', new Decimal('1550')],
    ['XOF', new Decimal('600')],
  ]),
};
const provider = (code: string, spreadBps: string, currencies: string[] = []): FxProviderTerms & { name: string } => ({
  code,
  name: `${code} FX`,
  spreadBps: new Decimal(spreadBps),
  currencies,
});
const fee = (feeBps: string, fixedFee = '0'): FeeSchedule => ({ feeBps: new Decimal(feeBps), fixedFee: new Decimal(fixedFee) });
const quote = (providers: (FxProviderTerms & { name: string })[], options: { payer?: string; merchant?: string; fee?: FeeSchedule } = {}) =>
  priceBestOffer({
    merchantAmount: new Decimal('1000.00'),
    merchantCurrency: options.merchant ?? 'KES',
    payerCurrency: options.payer ?? 'NGN',
    rates,
    regionSpreadBps: new Decimal('50'),
    fee: options.fee ?? fee('100'),
    providers,
  });

describe('priceBestOffer', () => {
  it('gives the payer the cheapest provider and lists every offer best first', () => {
    const result = quote([provider('wide', '80'), provider('tight', '20'), provider('mid', '45')]);
    expect(result.provider?.code).toBe('tight');
    expect(result.offers.map((offer) => offer.provider.code)).toEqual(['tight', 'mid', 'wide']);
    // 1000 KES × 1550 / 129.5 × 1.002 = 11993.0501… → 11993.05 NGN; fee 1 % = 119.9305 → 119.93
    expect(result.price.payerPrincipal.toFixed(2)).toBe('11993.05');
    expect(result.price.payerAmount.toFixed(2)).toBe('12112.98');
    expect(result.price).toBe(result.offers[0]!.price);
  });

  it('leaves out a provider that does not convert one of the two currencies', () => {
    const result = quote([provider('cheap', '10', ['XOF', 'KES']), provider('both', '60', ['NGN', 'KES'])]);
    expect(result.offers.map((offer) => offer.provider.code)).toEqual(['both']);
    expect(result.provider?.code).toBe('both');
  });

  it('refuses a pair no provider converts, naming the pair', () => {
    const error = domainErrorOf(() => quote([provider('cfa', '10', ['XOF', 'KES'])]));
    expect(error).toMatchObject({ code: 'fx_rate_unavailable', field: 'currency' });
    expect(error.message).toContain('NGN and KES');
  });

  it('prices with the region spread and no provider when the region has none', () => {
    const result = quote([]);
    expect(result).toMatchObject({ provider: null, offers: [] });
    // the region's 50 bps: the same price as priceQuote's worked example
    expect(result.price.payerAmount.toFixed(2)).toBe('12149.25');
  });

  it('needs no provider for a same-currency payment: no spread, only the fee', () => {
    const result = quote([provider('cfa', '10', ['XOF'])], { payer: 'KES', fee: fee('250', '5') });
    expect(result).toMatchObject({ provider: null, offers: [] });
    // 1000.00 + 2.5 % + 5 fixed = 1000.00 + 30.00
    expect(result.price.fee.toFixed(2)).toBe('30.00');
    expect(result.price.payerAmount.toFixed(2)).toBe('1030.00');
  });

  it('breaks a tie between equal offers by provider code', () => {
    const result = quote([provider('zeta', '25'), provider('alpha', '25')]);
    expect(result.offers.map((offer) => offer.provider.code)).toEqual(['alpha', 'zeta']);
  });

  const providersArbitrary = fc.uniqueArray(
    fc.record({
      code: fc.stringMatching(/^[a-z]{1,6}$/),
      spread: fc.integer({ min: 0, max: 300 }),
      currencies: fc.subarray(['KES', 'NGN', 'XOF', 'USD']),
    }),
    { selector: (p) => p.code, minLength: 1, maxLength: 5 },
  );
  const currency = fc.constantFrom('KES', 'NGN', 'XOF', 'USD');

  it("always chooses an offer the payer pays no more for than any other, the same way whatever the providers' order", () => {
    fc.assert(
      fc.property(providersArbitrary, fc.bigInt({ min: 1n, max: 10n ** 10n }), currency, currency, (defs, units, merchant, payer) => {
        const providers = defs.map((d) => provider(d.code, String(d.spread), d.currencies));
        const run = (order: typeof providers) =>
          priceBestOffer({
            merchantAmount: fromMinorUnits(units, merchant),
            merchantCurrency: merchant,
            payerCurrency: payer,
            rates,
            regionSpreadBps: new Decimal(0),
            fee: fee('35', '1'),
            providers: order,
          });
        const served = merchant === payer || providers.some((p) => servesPair(p, payer, merchant));
        if (!served) {
          expect(domainErrorOf(() => run(providers)).code).toBe('fx_rate_unavailable');
          return;
        }
        const result = run(providers);
        for (const offer of result.offers) expect(result.price.payerAmount.lte(offer.price.payerAmount)).toBe(true);
        const summary = (r: typeof result) => [
          r.provider?.code ?? null,
          r.offers.map((o) => [o.provider.code, o.price.payerAmount.toFixed()]),
        ];
        expect(summary(run([...providers].reverse()))).toEqual(summary(result));
        expect(summary(run(providers))).toEqual(summary(result));
      }),
      { numRuns: 200 },
    );
  });

  it('charges a fee of the bps part plus the fixed part, rounded once half-even to the payer currency', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        currency,
        currency,
        fc.integer({ min: 0, max: 1000 }),
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        (units, merchant, payer, bps, fixedUnits) => {
          const fixedFee = fromMinorUnits(fixedUnits, payer);
          const result = priceBestOffer({
            merchantAmount: fromMinorUnits(units, merchant),
            merchantCurrency: merchant,
            payerCurrency: payer,
            rates,
            regionSpreadBps: new Decimal(0),
            fee: { feeBps: new Decimal(bps), fixedFee },
            providers: [provider('any', '40')],
          });
          const { payerPrincipal, fee: charged, payerAmount } = result.price;
          const expected = roundToScale(payerPrincipal.times(bps).div(10000).plus(fixedFee), currencyScale(payer));
          expect(charged.eq(expected)).toBe(true);
          expect(payerAmount.eq(payerPrincipal.plus(charged))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('feeScheduleOf', () => {
  it("uses the participant's own parts and falls back, part by part, to the region's bps and no fixed fee", () => {
    const region = new Decimal('10');
    expect(feeScheduleOf(region, { feeBps: null, fixedFee: null })).toEqual({ feeBps: region, fixedFee: new Decimal(0) });
    const own = feeScheduleOf(region, { feeBps: new Decimal('0'), fixedFee: new Decimal('15') });
    expect([own.feeBps.toFixed(), own.fixedFee.toFixed()]).toEqual(['0', '15']);
  });
});
