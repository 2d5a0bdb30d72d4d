import DecimalJs from 'decimal.js';

/**
 * The one Decimal constructor of the project. 50 significant digits keep every sum and FX product of
 * realistic amounts exact before the single rounding step; the exponent limits keep `toString()` free of
 * exponent notation for any amount a person could mean.
 */
export const Decimal = DecimalJs.clone({
  precision: 50,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;
