import fc from 'fast-check';
import { Decimal } from '../money/decimal';
import { roundToScale } from '../money/rounding';
import { domainErrorOf } from '../test-support';
import { MinorUnitConverter, convertPayments, minorRates } from './asset-rates';
import type { Currency, PaymentBatch } from './payment-batch';

const USD: Currency = { code: 'USD', scale: 2 };
const KES: Currency = { code: 'KES', scale: 2 };
const XOF: Currency = { code: 'XOF', scale: 0 };
const KWD: Currency = { code: 'KWD', scale: 3 };

describe('minorRates', () => {
  it('takes the one currency without a rate as the settlement asset', () => {
    const { asset, rates } = minorRates([USD, KES, XOF], { KES: '129.5', XOF: '600' });
    expect(asset).toBe(USD);
    // minor units per asset unit: USD 100, KES 129.5 × 100 = 12950, XOF 600
    expect(rates).toEqual([
      { numerator: 100n, denominator: 1n },
      { numerator: 12950n, denominator: 1n },
      { numerator: 600n, denominator: 1n },
    ]);
  });

  it('takes an unlisted asset of 2 decimals when every currency has a rate', () => {
    expect(minorRates([KES], { KES: '129.5' }).asset).toEqual({ code: 'settlement asset', scale: 2 });
  });
});

describe('MinorUnitConverter', () => {
  const [usd, kes, , kwd] = minorRates([USD, KES, XOF, KWD], { KES: '129.5', XOF: '600', KWD: '0.307' }).rates;

  it('converts at the exact rate and rounds half to even once', () => {
    // 1.00 USD → 129.50 KES; 0.01 USD → 1.295 KES → 1.30 KES (12950 / 100 = 129.5 → 130)
    expect(new MinorUnitConverter(usd!, kes!).convert(100)).toBe(12950);
    expect(new MinorUnitConverter(usd!, kes!).convert(1)).toBe(130);
    // 0.05 USD → 0.01535 KWD → 15.35 fils → 15; 0.10 USD → 30.7 fils → 31
    expect(new MinorUnitConverter(usd!, kwd!).convert(5)).toBe(15);
    expect(new MinorUnitConverter(usd!, kwd!).convert(10)).toBe(31);
  });

  it('agrees with Decimal arithmetic and the money module’s rounding, small or huge', () => {
    fc.assert(
      // small amounts take the double path, amounts past 2^53 / 307 the BigInt one
      fc.property(fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 2 ** 45, max: 2 ** 50 })), (amount) => {
        // 1 cent = 0.01 USD = 0.00307 KWD = 3.07 fils
        const expected = roundToScale(new Decimal(amount).times('3.07'), 0);
        expect(new MinorUnitConverter(usd!, kwd!).convert(amount)).toBe(expected.toNumber());
        const back = roundToScale(new Decimal(amount).div('129.5'), 0);
        expect(new MinorUnitConverter(kes!, usd!).convert(amount)).toBe(back.toNumber());
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a result past 2^53 minor units', () => {
    expect(domainErrorOf(() => new MinorUnitConverter(usd!, kes!).convert(Number.MAX_SAFE_INTEGER)).code).toBe('amount_too_large');
  });
});

describe('convertPayments', () => {
  const batch: PaymentBatch = {
    count: 2,
    sender: Int32Array.of(0, 1),
    receiver: Int32Array.of(1, 0),
    currency: Uint8Array.of(0, 1),
    amount: Float64Array.of(100, 25900),
    arrival: Float64Array.of(1, 2),
  };

  it('puts every payment in the target currency', () => {
    const converted = convertPayments(batch, [USD, KES], { KES: '129.5' }, 0);
    expect(Array.from(converted.currency)).toEqual([0, 0]);
    // 259.00 KES at 129.5 per USD = 2.00 USD
    expect(Array.from(converted.amount)).toEqual([100, 200]);
  });

  it('needs no rates when every payment is already in the target', () => {
    expect(Array.from(convertPayments({ ...batch, currency: Uint8Array.of(1, 1) }, [USD, KES], undefined, 1).amount)).toEqual([100, 25900]);
  });

  it('names the missing rate', () => {
    expect(domainErrorOf(() => convertPayments(batch, [USD, KES, XOF], undefined, 0))).toMatchObject({
      code: 'fx_rate_unavailable',
      field: 'ratesPerAsset.KES',
    });
  });
});
