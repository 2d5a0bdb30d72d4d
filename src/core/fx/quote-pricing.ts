import { DomainError } from '../errors';
import { currencyScale } from '../money/currency';
import { Decimal } from '../money/decimal';
import { roundToScale, roundToSignificantDigits } from '../money/rounding';

export interface FxReferenceRates {
  settlementAsset: string;
  /** units of currency per 1 settlement-asset unit; the asset itself is 1. Never changed once priced with (pair rates are kept per table). */
  ratePerAsset: ReadonlyMap<string, Decimal>;
}

export interface PricingPolicy {
  /** FX margin on cross-currency payments, in basis points of the converted amount. */
  spreadBps: Decimal;
  /** Provider fee, in basis points of the payer principal. */
  feeBps: Decimal;
  /** A fixed part of the fee, in the payer's currency (at most its scale); none when left out. */
  fixedFee?: Decimal;
}

export interface QuotePrice {
  merchantAmount: Decimal;
  merchantCurrency: string;
  /** merchantAmount / rate(merchantCurrency), rounded to the asset's scale */
  settlementAmount: Decimal;
  /** merchantAmount * rate(payer)/rate(merchant) * (1 + spreadBps/10000), rounded to payer scale */
  payerPrincipal: Decimal;
  /** payerPrincipal * feeBps/10000 + fixedFee, rounded once to payer scale */
  fee: Decimal;
  /** payerPrincipal + fee */
  payerAmount: Decimal;
  payerCurrency: string;
  /** effective payer units per merchant unit incl. spread, to 10 significant digits */
  rate: Decimal;
}

/** Significant digits of the quoted rate: it is shown to people; amounts are computed unrounded. */
const RATE_SIGNIFICANT_DIGITS = 10;
/** One basis point: multiplying by it is exact, and cheaper than dividing by 10,000. */
const ONE_BPS = new Decimal('0.0001');

function rateOf(rates: FxReferenceRates, currency: string): Decimal {
  if (currency === rates.settlementAsset) return new Decimal(1);
  const given = rates.ratePerAsset.get(currency);
  const rate = given === undefined ? undefined : new Decimal(given);
  // A zero or negative reference rate is a data error; pricing with it would be worse than refusing.
  if (rate === undefined || !rate.isFinite() || rate.lte(0)) {
    throw new DomainError(
      'fx_rate_unavailable',
      `no reference rate between ${currency} and the settlement asset ${rates.settlementAsset}`,
      'currency',
    );
  }
  return rate;
}

function assertBps(value: Decimal, name: string): Decimal {
  const bps = new Decimal(value);
  if (!bps.isFinite() || bps.lt(0)) {
    throw new DomainError('invalid_pricing_policy', `${name} must be zero or more basis points`, name);
  }
  return bps;
}

/** What a currency pair at a spread converts at: the same for every amount, so worked out once per rate table. */
interface PairRate {
  /** The merchant currency's reference rate, which settlement amounts divide by. */
  merchantRate: Decimal;
  /** Payer units per merchant unit, spread included, unrounded. */
  exactRate: Decimal;
  /** `exactRate` to RATE_SIGNIFICANT_DIGITS, as quoted. */
  quotedRate: Decimal;
}

/**
 * Pair rates by rate table: a region's table is one object for as long as its process prices with it
 * (reference rates never change), and a table no longer used takes its pair rates with it.
 */
const pairRates = new WeakMap<FxReferenceRates, Map<string, PairRate>>();

function pairRate(rates: FxReferenceRates, merchantCurrency: string, payerCurrency: string, spreadBps: Decimal): PairRate {
  let byPair = pairRates.get(rates);
  if (!byPair) {
    byPair = new Map();
    pairRates.set(rates, byPair);
  }
  const key = `${merchantCurrency} ${payerCurrency} ${spreadBps.toString()}`;
  let pair = byPair.get(key);
  if (!pair) {
    const merchantRate = rateOf(rates, merchantCurrency);
    const exactRate =
      merchantCurrency === payerCurrency
        ? new Decimal(1)
        : rateOf(rates, payerCurrency).div(merchantRate).times(spreadBps.times(ONE_BPS).plus(1));
    pair = { merchantRate, exactRate, quotedRate: roundToSignificantDigits(exactRate, RATE_SIGNIFICANT_DIGITS) };
    byPair.set(key, pair);
  }
  return pair;
}

/**
 * Prices a quote. Cross-currency payments convert through the settlement asset's reference rates and
 * pay the spread; a same-currency payment converts at 1 and pays no spread. The fee applies to both.
 * Each amount is rounded once (half-even, to its currency's scale), from unrounded intermediate values.
 */
export function priceQuote(input: {
  merchantAmount: Decimal;
  merchantCurrency: string;
  payerCurrency: string;
  rates: FxReferenceRates;
  policy: PricingPolicy;
}): QuotePrice {
  const { merchantCurrency, payerCurrency, rates } = input;
  const merchantAmount = new Decimal(input.merchantAmount);
  const merchantScale = currencyScale(merchantCurrency, 'merchant_currency');
  const payerScale = currencyScale(payerCurrency, 'payer_currency');
  const assetScale = currencyScale(rates.settlementAsset, 'settlement_asset');
  if (merchantAmount.lte(0)) {
    throw new DomainError('amount_not_positive', 'amount must be greater than zero', 'amount');
  }
  if (merchantAmount.decimalPlaces() > merchantScale) {
    throw new DomainError(
      'amount_precision_exceeded',
      `${merchantCurrency} amounts have at most ${merchantScale} decimal places`,
      'amount',
    );
  }
  const spreadBps = assertBps(input.policy.spreadBps, 'spread_bps');
  const feeBps = assertBps(input.policy.feeBps, 'fee_bps');
  const fixedFee = new Decimal(input.policy.fixedFee ?? 0);
  if (!fixedFee.isFinite() || fixedFee.lt(0) || fixedFee.decimalPlaces() > payerScale) {
    throw new DomainError(
      'invalid_pricing_policy',
      `fixed_fee must be zero or more ${payerCurrency}, with at most ${payerScale} decimal places`,
      'fixed_fee',
    );
  }

  const { merchantRate, exactRate, quotedRate } = pairRate(rates, merchantCurrency, payerCurrency, spreadBps);
  const payerPrincipal = roundToScale(merchantAmount.times(exactRate), payerScale);
  // The fixed part is already at the payer's scale, so one rounding of the sum is the bps part's rounding.
  const fee = roundToScale(payerPrincipal.times(feeBps).times(ONE_BPS).plus(fixedFee), payerScale);
  return {
    merchantAmount,
    merchantCurrency,
    settlementAmount: roundToScale(merchantAmount.div(merchantRate), assetScale),
    payerPrincipal,
    fee,
    payerAmount: payerPrincipal.plus(fee),
    payerCurrency,
    rate: quotedRate,
  };
}

/**
 * `total * part / whole`, rounded to the currency: e.g. the settlement-asset share of a partial refund.
 * Multiplying before dividing keeps the one rounding at the end.
 */
export function proportionalShare(total: Decimal, part: Decimal, whole: Decimal, currency: string): Decimal {
  const scale = currencyScale(currency);
  const wholeValue = new Decimal(whole);
  if (wholeValue.lte(0)) {
    throw new DomainError('invalid_proportion', 'the whole of a proportional share must be greater than zero');
  }
  return roundToScale(new Decimal(total).times(part).div(wholeValue), scale);
}
