import fc from 'fast-check';
import { domainErrorOf } from '../test-support';
import { Decimal } from '../money/decimal';
import { fromMinorUnits } from '../money/amount';
import { currencyScale } from '../money/currency';
import { type FxReferenceRates, type PricingPolicy, priceQuote, proportionalShare } from './quote-pricing';

const rates: FxReferenceRates = {
  settlementAsset: 'USD',
  ratePerAsset: new Map([
    ['KES', new Decimal('129.5')],
    ['NGN', new Decimal('1550')],
    ['XOF', new Decimal('600')],
    ['KWD', new Decimal('0.307')],
  ]),
};
const policy = (spreadBps: string, feeBps: string): PricingPolicy => ({
  spreadBps: new Decimal(spreadBps),
  feeBps: new Decimal(feeBps),
});

describe('priceQuote', () => {
  it('converts across currencies through the settlement asset, with spread and fee', () => {
    const price = priceQuote({
      merchantAmount: new Decimal('1000.00'),
      merchantCurrency: 'KES',
      payerCurrency: 'NGN',
      rates,
      policy: policy('50', '100'),
    });
    // settlement: 1000 / 129.5 = 7.7220… → 7.72 USD
    expect(price.settlementAmount.toFixed(2)).toBe('7.72');
    // rate: 1550 / 129.5 × 1.005 = 12.028957528957… NGN per KES
    expect(price.rate.toFixed()).toBe('12.02895753');
    // principal: 1000 × 12.028957528957… = 12028.9575… → 12028.96 NGN
    expect(price.payerPrincipal.toFixed(2)).toBe('12028.96');
    // fee: 12028.96 × 100 / 10000 = 120.2896 → 120.29; payer pays 12028.96 + 120.29 = 12149.25
    expect(price.fee.toFixed(2)).toBe('120.29');
    expect(price.payerAmount.toFixed(2)).toBe('12149.25');
    expect(price).toMatchObject({ merchantCurrency: 'KES', payerCurrency: 'NGN' });
  });

  it('rounds the payer principal half-even to the payer currency', () => {
    const price = priceQuote({
      merchantAmount: new Decimal('10000'),
      merchantCurrency: 'XOF',
      payerCurrency: 'KES',
      rates,
      policy: policy('50', '0'),
    });
    // 10000 × 129.5 / 600 × 1.005 = 2169.125 exactly → 2169.12 (2 is even)
    expect(price.payerPrincipal.toFixed(2)).toBe('2169.12');
    // settlement: 10000 / 600 = 16.666… → 16.67 USD
    expect(price.settlementAmount.toFixed(2)).toBe('16.67');
    expect(price.fee.isZero()).toBe(true);
  });

  it('charges no spread on a same-currency payment, only the fee', () => {
    const price = priceQuote({
      merchantAmount: new Decimal('100'),
      merchantCurrency: 'KES',
      payerCurrency: 'KES',
      rates,
      policy: policy('75', '250'),
    });
    // rate 1; principal 100.00; fee 100 × 2.5 % = 2.50; settlement 100 / 129.5 = 0.772… → 0.77 USD
    expect(price.rate.toFixed()).toBe('1');
    expect(price.payerPrincipal.toFixed(2)).toBe('100.00');
    expect(price.fee.toFixed(2)).toBe('2.50');
    expect(price.payerAmount.toFixed(2)).toBe('102.50');
    expect(price.settlementAmount.toFixed(2)).toBe('0.77');
  });

  it('treats the settlement asset itself as rate 1', () => {
    const price = priceQuote({
      merchantAmount: new Decimal('20'),
      merchantCurrency: 'USD',
      payerCurrency: 'KWD',
      rates,
      policy: policy('0', '0'),
    });
    // 20 USD × 0.307 = 6.140 KWD (3 decimals); settlement amount is the merchant amount
    expect(price.payerPrincipal.toFixed(3)).toBe('6.140');
    expect(price.settlementAmount.toFixed(2)).toBe('20.00');
  });

  it('rounds fee ties to even', () => {
    const fee = (principal: string) =>
      priceQuote({
        merchantAmount: new Decimal(principal),
        merchantCurrency: 'USD',
        payerCurrency: 'USD',
        rates,
        policy: policy('0', '50'),
      }).fee;
    // 1.00 × 0.5 % = 0.005 → 0.00; 3.00 × 0.5 % = 0.015 → 0.02
    expect(fee('1.00').toFixed(2)).toBe('0.00');
    expect(fee('3.00').toFixed(2)).toBe('0.02');
  });

  it('refuses a currency without a reference rate', () => {
    const error = domainErrorOf(() =>
      priceQuote({ merchantAmount: new Decimal(1), merchantCurrency: 'KES', payerCurrency: 'GHS', rates, policy: policy('0', '0') }),
    );
    expect(error).toMatchObject({ code: 'fx_rate_unavailable', field: 'currency' });
    expect(error.message).toContain('GHS');
  });

  it('refuses a zero reference rate as unavailable', () => {
    const broken: FxReferenceRates = { settlementAsset: 'USD', ratePerAsset: new Map([['KES', new Decimal(0)]]) };
    expect(
      domainErrorOf(() =>
        priceQuote({
          merchantAmount: new Decimal(1),
          merchantCurrency: 'KES',
          payerCurrency: 'USD',
          rates: broken,
          policy: policy('0', '0'),
        }),
      ).code,
    ).toBe('fx_rate_unavailable');
  });

  it('refuses a non-positive amount, excess decimals and negative basis points', () => {
    const quote =
      (amount: string, spread = '0', fee = '0') =>
      () =>
        priceQuote({
          merchantAmount: new Decimal(amount),
          merchantCurrency: 'KES',
          payerCurrency: 'NGN',
          rates,
          policy: policy(spread, fee),
        });
    expect(domainErrorOf(quote('0')).code).toBe('amount_not_positive');
    expect(domainErrorOf(quote('1.005')).code).toBe('amount_precision_exceeded');
    expect(domainErrorOf(quote('1', '-1'))).toMatchObject({ code: 'invalid_pricing_policy', field: 'spread_bps' });
    expect(domainErrorOf(quote('1', '0', '-1'))).toMatchObject({ code: 'invalid_pricing_policy', field: 'fee_bps' });
    const fixedFee = (value: string) => () =>
      priceQuote({
        merchantAmount: new Decimal('1'),
        merchantCurrency: 'KES',
        payerCurrency: 'NGN',
        rates,
        policy: { ...policy('0', '0'), fixedFee: new Decimal(value) },
      });
    // A fixed fee is in the payer's currency at its scale (NGN: 2 decimals), and never negative.
    expect(domainErrorOf(fixedFee('0.001'))).toMatchObject({ code: 'invalid_pricing_policy', field: 'fixed_fee' });
    expect(domainErrorOf(fixedFee('-1'))).toMatchObject({ code: 'invalid_pricing_policy', field: 'fixed_fee' });
  });

  it('always yields amounts at their currency scale that add up, within half a minor unit of exact', () => {
    const currencies = ['USD', 'KES', 'NGN', 'XOF', 'KWD'] as const;
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.constantFrom(...currencies),
        fc.constantFrom(...currencies),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (units, merchantCurrency, payerCurrency, spread, fee) => {
          const merchantAmount = fromMinorUnits(units, merchantCurrency);
          const price = priceQuote({ merchantAmount, merchantCurrency, payerCurrency, rates, policy: policy(String(spread), String(fee)) });
          const payerScale = currencyScale(payerCurrency);
          expect(price.payerPrincipal.decimalPlaces()).toBeLessThanOrEqual(payerScale);
          expect(price.fee.decimalPlaces()).toBeLessThanOrEqual(payerScale);
          expect(price.settlementAmount.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(price.payerAmount.eq(price.payerPrincipal.plus(price.fee))).toBe(true);
          const rateOf = (c: string) => (c === 'USD' ? new Decimal(1) : rates.ratePerAsset.get(c)!);
          const spreadFactor = merchantCurrency === payerCurrency ? new Decimal(1) : new Decimal(spread).div(10000).plus(1);
          const exact = merchantAmount.times(rateOf(payerCurrency)).div(rateOf(merchantCurrency)).times(spreadFactor);
          const halfMinorUnit = new Decimal(10).pow(-payerScale).div(2);
          expect(price.payerPrincipal.minus(exact).abs().lte(halfMinorUnit)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('proportionalShare', () => {
  it('splits a total in proportion, rounded to the currency', () => {
    // 100.00 × 30 / 90 = 33.333… → 33.33
    expect(proportionalShare(new Decimal('100'), new Decimal('30'), new Decimal('90'), 'USD').toFixed(2)).toBe('33.33');
    // refund 500 of a 1000 KES payment settled as 7.72 USD: 7.72 × 500 / 1000 = 3.86
    expect(proportionalShare(new Decimal('7.72'), new Decimal('500'), new Decimal('1000'), 'USD').toFixed(2)).toBe('3.86');
    // 0.05 × 1 / 2 = 0.025 → 0.02 (half-even)
    expect(proportionalShare(new Decimal('0.05'), new Decimal('1'), new Decimal('2'), 'USD').toFixed(2)).toBe('0.02');
    // 1001 XOF × 1 / 3 = 333.67 → 334
    expect(proportionalShare(new Decimal('1001'), new Decimal('1'), new Decimal('3'), 'XOF').toFixed()).toBe('334');
  });

  it('gives back the whole total for the whole part', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (total, whole) => {
        const totalAmount = fromMinorUnits(total, 'USD');
        const wholeAmount = fromMinorUnits(whole, 'KES');
        expect(proportionalShare(totalAmount, wholeAmount, wholeAmount, 'USD').eq(totalAmount)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a whole of zero', () => {
    expect(domainErrorOf(() => proportionalShare(new Decimal(1), new Decimal(1), new Decimal(0), 'USD')).code).toBe('invalid_proportion');
  });
});
