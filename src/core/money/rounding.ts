import { Decimal, toDecimal } from './decimal';

/**
 * Banker's rounding: a half goes to the even neighbour. Rounding half up would push every tie the same
 * way and, over millions of payments, bias fees and FX proceeds in one party's favour; half-even is
 * unbiased on average, and it is what ISO 20022 and most settlement systems expect.
 */
export const ROUNDING_RULE = 'half-even';

/** Every amount in the project is rounded here (or through a function that calls this). */
export function roundToScale(amount: Decimal, scale: number): Decimal {
  if (!Number.isInteger(scale) || scale < 0) {
    throw new RangeError(`scale must be a non-negative integer, got ${scale}`);
  }
  // A value of another decimal.js clone gives a project Decimal back too.
  const rounded = toDecimal(amount).toDecimalPlaces(scale, Decimal.ROUND_HALF_EVEN);
  // A tiny negative rounds to −0; money has no negative zero.
  return rounded.isZero() ? new Decimal(0) : rounded;
}

/** Rates and ratios (not amounts) are kept to a number of significant digits, with the same rule. */
export function roundToSignificantDigits(value: Decimal, digits: number): Decimal {
  if (!Number.isInteger(digits) || digits < 1) {
    throw new RangeError(`digits must be a positive integer, got ${digits}`);
  }
  return new Decimal(value).toSignificantDigits(digits, Decimal.ROUND_HALF_EVEN);
}
