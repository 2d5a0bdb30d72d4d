import { DomainError } from '../errors';
import { parseDecimal } from '../money/amount';
import type { Currency, PaymentBatch } from './payment-batch';

/** Minor units of a currency worth one unit of the settlement asset, as an exact fraction. */
export interface MinorRate {
  numerator: bigint;
  denominator: bigint;
}

/**
 * An unlisted settlement asset (a regional unit no party holds) is taken to have 2 decimal places, as
 * USD, EUR and most regional units do; list it among the currencies to say otherwise.
 */
export const UNLISTED_ASSET_SCALE = 2;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Reads `ratesPerAsset` (decimal strings: units of each currency per settlement-asset unit) into exact
 * minor-unit rates, one per currency. A currency listed without a rate is the settlement asset itself
 * (rate 1); at most one may be, because two unpriced currencies would silently trade at par.
 */
export function minorRates(
  currencies: readonly Currency[],
  ratesPerAsset: Readonly<Record<string, string>> | undefined,
  field = 'ratesPerAsset',
): { rates: MinorRate[]; asset: Currency } {
  let asset: Currency | undefined;
  const rates = currencies.map((currency) => {
    const text = ratesPerAsset?.[currency.code];
    if (text === undefined) {
      if (asset) {
        throw new DomainError(
          'fx_rate_unavailable',
          `${currency.code} has no rate per settlement-asset unit; only the settlement asset (${asset.code}) may go without one`,
          `${field}.${currency.code}`,
        );
      }
      asset = currency;
      return { numerator: pow10(currency.scale), denominator: 1n };
    }
    const rate = parseDecimal(text, `${field}.${currency.code}`);
    const [whole, fraction = ''] = rate.toFixed().split('.');
    // rate × 10^scale minor units per asset unit, kept as an integer over a power of ten
    const numerator = BigInt(`${whole}${fraction}`) * pow10(currency.scale);
    const denominator = pow10(fraction.length);
    const common = gcd(numerator, denominator);
    return { numerator: numerator / common, denominator: denominator / common };
  });
  return { rates, asset: asset ?? { code: 'settlement asset', scale: UNLISTED_ASSET_SCALE } };
}

/** The minor-unit rate of the settlement asset against itself. */
export function assetMinorRate(asset: Currency): MinorRate {
  return { numerator: pow10(asset.scale), denominator: 1n };
}

/**
 * Converts integer minor units from one currency to another at exact rates, rounding half-even once to
 * the target's minor unit — the same rule as `roundToScale` in the money module, done on integers so a
 * million payments convert in milliseconds. This is the only place an amount changes currency in the
 * laboratory (the generator's values and `settlementCurrency` netting both come through here).
 */
export class MinorUnitConverter {
  /** amount × numerator / denominator, the fraction reduced */
  private readonly numerator: bigint;
  private readonly denominator: bigint;
  private readonly smallNumerator: number;
  private readonly smallDenominator: number;
  readonly identity: boolean;

  constructor(from: MinorRate, to: MinorRate) {
    const numerator = to.numerator * from.denominator;
    const denominator = to.denominator * from.numerator;
    const common = gcd(numerator, denominator);
    this.numerator = numerator / common;
    this.denominator = denominator / common;
    this.identity = this.numerator === this.denominator;
    // 0 marks "too large for exact double arithmetic": the BigInt path handles it.
    this.smallNumerator = this.numerator <= BigInt(MAX_SAFE) ? Number(this.numerator) : 0;
    this.smallDenominator = this.denominator <= BigInt(MAX_SAFE) ? Number(this.denominator) : 0;
  }

  convert(amount: number): number {
    if (this.identity) return amount;
    const n = this.smallNumerator;
    const d = this.smallDenominator;
    if (n !== 0 && d !== 0) {
      const product = amount * n;
      if (product + d <= MAX_SAFE) {
        // Every step below is an exact integer operation on doubles; the quotient is corrected by the
        // remainder because the division itself may round.
        let quotient = Math.floor(product / d);
        let remainder = product - quotient * d;
        if (remainder < 0) {
          quotient -= 1;
          remainder += d;
        } else if (remainder >= d) {
          quotient += 1;
          remainder -= d;
        }
        const twice = 2 * remainder;
        return twice > d || (twice === d && quotient % 2 === 1) ? quotient + 1 : quotient;
      }
    }
    const product = BigInt(amount) * this.numerator;
    let quotient = product / this.denominator;
    const twice = 2n * (product % this.denominator);
    if (twice > this.denominator || (twice === this.denominator && quotient % 2n === 1n)) quotient += 1n;
    if (quotient > BigInt(MAX_SAFE)) {
      throw new DomainError('amount_too_large', `a converted amount exceeds ${MAX_SAFE} minor units`);
    }
    return Number(quotient);
  }
}

/**
 * The batch with every amount converted into `target` (one rounding per payment): netting in a
 * settlement currency starts from this. Columns other than currency and amount are shared, not copied.
 */
export function convertPayments(
  batch: PaymentBatch,
  currencies: readonly Currency[],
  ratesPerAsset: Readonly<Record<string, string>> | undefined,
  target: number,
): PaymentBatch {
  const targetCurrency = currencies[target];
  if (!targetCurrency) throw new DomainError('unknown_currency', `there is no currency number ${target}`, 'settlementCurrency');
  const used = new Uint8Array(currencies.length);
  for (let k = 0; k < batch.count; k++) used[batch.currency[k]!] = 1;
  const converters: MinorUnitConverter[] = [];
  if (used.some((flag, index) => flag === 1 && index !== target)) {
    const { rates } = minorRates(currencies, ratesPerAsset);
    for (const rate of rates) converters.push(new MinorUnitConverter(rate, rates[target]!));
  }
  const amount = new Float64Array(batch.count);
  for (let k = 0; k < batch.count; k++) {
    const from = batch.currency[k]!;
    amount[k] = from === target ? batch.amount[k]! : converters[from]!.convert(batch.amount[k]!);
  }
  return {
    count: batch.count,
    sender: batch.sender,
    receiver: batch.receiver,
    currency: new Uint8Array(batch.count).fill(target),
    amount,
    arrival: batch.arrival,
  };
}
