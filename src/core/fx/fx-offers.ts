import { DomainError } from '../errors';
import { Decimal } from '../money/decimal';
import { type FxReferenceRates, type PricingPolicy, priceQuote, type QuotePrice } from './quote-pricing';

/** An FX provider of the region as pricing sees it; callers may carry more (id, name) and get it back. */
export interface FxProviderTerms {
  /** Unique in the region; breaks ties between equal offers. */
  code: string;
  /** Its margin on the reference cross rate, in basis points. */
  spreadBps: Decimal;
  /** The currencies it converts from and to; empty means every currency of the region. */
  currencies: readonly string[];
}

/** The fee the payer's participant charges: a share of the principal plus a fixed part in the payer's currency. */
export interface FeeSchedule {
  feeBps: Decimal;
  fixedFee: Decimal;
}

export interface FxOffer<P extends FxProviderTerms> {
  provider: P;
  price: QuotePrice;
}

export interface BestOffer<P extends FxProviderTerms> {
  /** The price the payer gets: the best offer's, or the region's own when no provider is involved. */
  price: QuotePrice;
  /** Whose offer it is; null when the region's spread priced it or no conversion was needed. */
  provider: P | null;
  /** Every provider's offer, best first; empty when no provider is involved. */
  offers: FxOffer<P>[];
}

/**
 * The payer participant's own schedule where it has one, part by part: its `feeBps` or else the
 * region's, plus its `fixedFee` or else none.
 */
export function feeScheduleOf(regionFeeBps: Decimal, participant: { feeBps: Decimal | null; fixedFee: Decimal | null }): FeeSchedule {
  return { feeBps: participant.feeBps ?? regionFeeBps, fixedFee: participant.fixedFee ?? new Decimal(0) };
}

export function servesPair(provider: FxProviderTerms, from: string, to: string): boolean {
  return provider.currencies.length === 0 || (provider.currencies.includes(from) && provider.currencies.includes(to));
}

/**
 * Prices a payment through the region's FX providers and picks the offer that costs the payer least
 * (smallest `payerAmount`; equal amounts go to the smaller provider code, so the choice is the same on
 * every run). Each offer is `priceQuote` at the region's reference rates with that provider's spread and
 * the payer's fee schedule.
 *
 * - Same currency: nothing is converted, so no provider is asked and no spread is charged — only the fee.
 * - A region without providers prices with its own `fx_spread_bps`, as before providers existed.
 * - Providers, but none converts between the two currencies: `fx_rate_unavailable`.
 */
export function priceBestOffer<P extends FxProviderTerms>(input: {
  merchantAmount: Decimal;
  merchantCurrency: string;
  payerCurrency: string;
  rates: FxReferenceRates;
  /** The region's own spread, used only when the region has no providers. */
  regionSpreadBps: Decimal;
  fee: FeeSchedule;
  providers: readonly P[];
}): BestOffer<P> {
  const { merchantAmount, merchantCurrency, payerCurrency, rates, fee, providers } = input;
  const price = (spreadBps: Decimal) => {
    const policy: PricingPolicy = { spreadBps, feeBps: fee.feeBps, fixedFee: fee.fixedFee };
    return priceQuote({ merchantAmount, merchantCurrency, payerCurrency, rates, policy });
  };
  if (merchantCurrency === payerCurrency) return { price: price(new Decimal(0)), provider: null, offers: [] };
  if (providers.length === 0) return { price: price(input.regionSpreadBps), provider: null, offers: [] };

  const serving = providers.filter((provider) => servesPair(provider, payerCurrency, merchantCurrency));
  if (serving.length === 0) {
    throw new DomainError(
      'fx_rate_unavailable',
      `No FX provider of this region converts between ${payerCurrency} and ${merchantCurrency}.`,
      'currency',
    );
  }
  const offers = serving.map((provider) => ({ provider, price: price(provider.spreadBps) })).sort(byPayerCostThenCode);
  const best = offers[0]!;
  return { price: best.price, provider: best.provider, offers };
}

function byPayerCostThenCode(a: FxOffer<FxProviderTerms>, b: FxOffer<FxProviderTerms>): number {
  const cost = a.price.payerAmount.comparedTo(b.price.payerAmount);
  if (cost !== 0) return cost;
  // Code-point order, not locale order: the same on every machine.
  return a.provider.code < b.provider.code ? -1 : a.provider.code > b.provider.code ? 1 : 0;
}
