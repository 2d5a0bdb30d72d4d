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

/**
 * `value` as the project's Decimal: itself when it is one, otherwise read exactly from its text (another
 * decimal.js clone, such as Prisma's, keeps its own precision and rounding). Clones share one prototype,
 * so `instanceof` holds for all of them and the constructor is what tells them apart.
 */
export function toDecimal(value: { toString(): string }): Decimal {
  return value instanceof Decimal && value.constructor === Decimal ? value : new Decimal(value.toString());
}
