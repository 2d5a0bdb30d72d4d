import fc from 'fast-check';
import { Decimal } from './decimal';
import { ROUNDING_RULE, roundToScale, roundToSignificantDigits } from './rounding';

describe('roundToScale', () => {
  it('rounds halves to the even neighbour (banker’s rounding)', () => {
    expect(ROUNDING_RULE).toBe('half-even');
    // 0.125 → 0.12 (2 is even); 0.135 → 0.14 (4 is even); 2.5 → 2; 3.5 → 4
    expect(roundToScale(new Decimal('0.125'), 2).toFixed()).toBe('0.12');
    expect(roundToScale(new Decimal('0.135'), 2).toFixed()).toBe('0.14');
    expect(roundToScale(new Decimal('2.5'), 0).toFixed()).toBe('2');
    expect(roundToScale(new Decimal('3.5'), 0).toFixed()).toBe('4');
    expect(roundToScale(new Decimal('-2.5'), 0).toFixed()).toBe('-2');
  });

  it('rounds non-ties to the nearest value', () => {
    // 1.2349 → 1.23; 1.2351 → 1.24; 1.005 at scale 3 is already exact
    expect(roundToScale(new Decimal('1.2349'), 2).toFixed()).toBe('1.23');
    expect(roundToScale(new Decimal('1.2351'), 2).toFixed()).toBe('1.24');
    expect(roundToScale(new Decimal('1.005'), 3).toFixed()).toBe('1.005');
  });

  it('never returns negative zero', () => {
    const rounded = roundToScale(new Decimal('-0.001'), 2);
    expect(rounded.isZero()).toBe(true);
    expect(rounded.isNegative()).toBe(false);
  });

  it('returns a project Decimal even for a value from another decimal.js clone', () => {
    const foreign = Decimal.clone({ precision: 5 });
    const rounded = roundToScale(new foreign('1.5'), 0);
    expect(rounded.constructor).toBe(Decimal);
  });

  it('refuses a negative or fractional scale', () => {
    expect(() => roundToScale(new Decimal(1), -1)).toThrow(RangeError);
    expect(() => roundToScale(new Decimal(1), 1.5)).toThrow(RangeError);
  });

  it('over many ties, rounds as often down as up (no drift)', () => {
    // x.5 for x = 0..999: half-even sends 500 down and 500 up, so the sum is unchanged.
    let exact = new Decimal(0);
    let rounded = new Decimal(0);
    for (let i = 0; i < 1000; i++) {
      const value = new Decimal(i).plus('0.5');
      exact = exact.plus(value);
      rounded = rounded.plus(roundToScale(value, 0));
    }
    expect(rounded.toFixed()).toBe(exact.toFixed());
  });

  it('is within half a unit of the last place and idempotent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        const value = new Decimal(units.toString()).div(new Decimal(10).pow(8));
        const rounded = roundToScale(value, scale);
        const halfUnit = new Decimal(10).pow(-scale).div(2);
        expect(rounded.minus(value).abs().lte(halfUnit)).toBe(true);
        expect(rounded.decimalPlaces()).toBeLessThanOrEqual(scale);
        expect(roundToScale(rounded, scale).eq(rounded)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('roundToSignificantDigits', () => {
  it('keeps the requested significant digits, half-even', () => {
    // 1/3 → 0.3333333333; 0.000011764705882 → 0.00001176470588
    expect(roundToSignificantDigits(new Decimal(1).div(3), 10).toFixed()).toBe('0.3333333333');
    expect(roundToSignificantDigits(new Decimal('0.000011764705882'), 10).toFixed()).toBe('0.00001176470588');
    expect(roundToSignificantDigits(new Decimal('1.25'), 2).toFixed()).toBe('1.2');
  });
});
