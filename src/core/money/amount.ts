import { DomainError } from '../errors';
import { currencyScale } from './currency';
import { Decimal } from './decimal';
import { roundToScale } from './rounding';

const DECIMAL_PATTERN = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * Far above any real amount (world GDP in the smallest-unit currencies is ~10^20), and low enough that
 * sums of millions of amounts stay exact within the 50-digit Decimal precision.
 */
const MAX_INTEGER_DIGITS = 30;
/** Rates and basis points: enough digits for any published rate, well inside the 50-digit precision. */
const MAX_DECIMAL_DIGITS = 30;

/**
 * Reads an amount sent on the wire. Only plain decimal strings are accepted — never a JSON number
 * (binary floats cannot hold most cents exactly), an exponent or a sign other than a leading minus.
 * Trailing zeros beyond the scale are tolerated (`"100.00"` JPY is 100): precision is judged on the value.
 */
export function parseAmount(text: string, currency: string, field = 'amount', currencyField = 'currency'): Decimal {
  const amount = readAmount(text, currency, field, currencyField);
  if (amount.lte(0)) {
    throw new DomainError('amount_not_positive', 'amount must be greater than zero', field);
  }
  return amount;
}

/** As `parseAmount`, but zero is allowed: balances, caps and limits, not payments. */
export function parseNonNegativeAmount(text: string, currency: string, field = 'amount', currencyField = 'currency'): Decimal {
  const amount = readAmount(text, currency, field, currencyField);
  if (amount.lt(0)) {
    throw new DomainError('amount_negative', 'amount must be zero or more', field);
  }
  return amount.isZero() ? new Decimal(0) : amount;
}

/**
 * Reads a decimal that is not an amount (a rate, basis points): same strict string form, no currency
 * scale. Greater than zero unless `allowZero`; never negative.
 */
export function parseDecimal(text: string, field: string, options: { allowZero?: boolean } = {}): Decimal {
  if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text)) {
    throw new DomainError('invalid_decimal', 'value must be a decimal string such as "129.5" (no exponent)', field);
  }
  const value = new Decimal(text);
  if (options.allowZero ? value.lt(0) : value.lte(0)) {
    throw new DomainError(
      'value_out_of_range',
      options.allowZero ? 'value must be zero or more' : 'value must be greater than zero',
      field,
    );
  }
  if (value.precision(true) > MAX_DECIMAL_DIGITS) {
    throw new DomainError('value_out_of_range', `value must have at most ${MAX_DECIMAL_DIGITS} significant digits`, field);
  }
  return value.isZero() ? new Decimal(0) : value;
}

function readAmount(text: string, currency: string, field: string, currencyField: string): Decimal {
  if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text)) {
    throw new DomainError(
      'invalid_amount',
      'amount must be a decimal string such as "1250.50" (digits, at most one ".", no exponent)',
      field,
    );
  }
  const scale = currencyScale(currency, currencyField);
  const amount = new Decimal(text);
  if (amount.decimalPlaces() > scale) {
    throw new DomainError(
      'amount_precision_exceeded',
      `${currency} amounts have at most ${scale} decimal place${scale === 1 ? '' : 's'}`,
      field,
    );
  }
  if (amount.truncated().abs().toFixed().length > MAX_INTEGER_DIGITS) {
    throw new DomainError('amount_too_large', `amount must have at most ${MAX_INTEGER_DIGITS} digits before the decimal point`, field);
  }
  return amount;
}

/** The wire form: exactly the currency's decimals, no exponent (`"1250.50"`, `"-25.00"`, `"5000"` XOF). */
export function formatAmount(amount: Decimal, currency: string): string {
  const scale = currencyScale(currency);
  // Already a whole number of minor units (nearly every amount shown): padding, not rounding.
  if (amount.decimalPlaces() <= scale && !amount.isZero()) return padToScale(amount.toFixed(), scale);
  return roundToScale(amount, scale).toFixed(scale);
}

/**
 * An exact decimal's plain text with zeros added up to `scale` places. `toFixed()` without places prints
 * the value as it is; `toFixed(scale)` would first copy and round it, which is what makes it several
 * times slower, and every amount of every answer is formatted.
 */
function padToScale(plain: string, scale: number): string {
  if (scale === 0) return plain;
  const dot = plain.indexOf('.');
  const places = dot < 0 ? 0 : plain.length - dot - 1;
  return (dot < 0 ? `${plain}.` : plain) + '0'.repeat(scale - places);
}

export function roundToCurrency(amount: Decimal, currency: string): Decimal {
  return roundToScale(amount, currencyScale(currency));
}

/** Integer count of minor units (cents, fils…); refuses amounts that are not a whole number of them. */
export function toMinorUnits(amount: Decimal, currency: string): bigint {
  const scale = currencyScale(currency);
  const value = new Decimal(amount);
  if (value.decimalPlaces() > scale) {
    throw new DomainError(
      'amount_precision_exceeded',
      `${value.toFixed()} ${currency} is not a whole number of minor units (${scale} decimal places)`,
    );
  }
  // Dropping the decimal point of the fixed form is exact, unlike multiplying at limited precision.
  return BigInt(value.toFixed(scale).replace('.', ''));
}

export function fromMinorUnits(units: bigint, currency: string): Decimal {
  const scale = currencyScale(currency);
  // Placing the decimal point in the digit string is exact whatever the size of `units`.
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const split = digits.length - scale;
  const text = scale === 0 ? digits : `${digits.slice(0, split)}.${digits.slice(split)}`;
  return new Decimal(negative ? `-${text}` : text);
}
