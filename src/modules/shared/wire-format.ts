import { toDecimal } from '../../adapters/prisma/database';
import { type Decimal, formatAmount } from '../../core/money';
import type { Prisma } from '../../generated/prisma/client';

export { toDecimal };

/** An amount on the wire: a string fixed to the currency's minor unit (`"1250.50"`). */
export function wireAmount(value: Decimal | Prisma.Decimal | string | number, currency: string): string {
  // Prisma's Decimal is decimal.js too: formatted as it is, without a round trip through text.
  return formatAmount(typeof value === 'object' ? value : toDecimal(value), currency);
}

/** A rate or basis-point figure on the wire: the exact stored value, without trailing zeros. */
export function wireDecimal(value: { toString(): string }): string {
  return toDecimal(value).toFixed();
}

export function wireTime(value: Date): string;
export function wireTime(value: Date | null): string | null;
export function wireTime(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
