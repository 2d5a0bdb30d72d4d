import type { Schemas } from '../../adapters/http/openapi-document';
import type { FxOffer, FxProviderTerms } from '../../core/fx';
import type { Quote } from '../../generated/prisma/client';
import { wireAmount, wireDecimal, wireTime } from '../shared/wire-format';

type NamedProvider = FxProviderTerms & { id: string; name: string };

export function presentFxProviderRef(provider: { id: string; code: string; name: string }): Schemas['FxProviderRef'] {
  return { id: provider.id, code: provider.code, name: provider.name };
}

/** The offers as the API shows them and the quote stores them (its `offers` column), best first. */
export function presentOffers(offers: readonly FxOffer<NamedProvider>[]): Schemas['FxOffer'][] {
  return offers.map(({ provider, price }) => ({
    fx_provider: presentFxProviderRef(provider),
    rate: wireDecimal(price.rate),
    payer_principal: wireAmount(price.payerPrincipal, price.payerCurrency),
    fee: wireAmount(price.fee, price.payerCurrency),
    payer_amount: wireAmount(price.payerAmount, price.payerCurrency),
  }));
}

export function presentQuote(quote: Quote): Schemas['Quote'] {
  const offers = quote.offers as unknown as Schemas['FxOffer'][];
  // The chosen provider is the stored best offer's: no query for its name.
  const chosen = quote.fxProviderId === null ? undefined : offers.find((offer) => offer.fx_provider.id === quote.fxProviderId);
  return {
    id: quote.id,
    region_id: quote.regionId,
    merchant_id: quote.merchantId,
    payer_participant_id: quote.payerParticipantId,
    amount: wireAmount(quote.merchantAmount, quote.merchantCurrency),
    currency: quote.merchantCurrency,
    payer_amount: wireAmount(quote.payerAmount, quote.payerCurrency),
    payer_currency: quote.payerCurrency,
    payer_principal: wireAmount(quote.payerPrincipal, quote.payerCurrency),
    fee: wireAmount(quote.fee, quote.payerCurrency),
    settlement_amount: wireAmount(quote.settlementAmount, quote.settlementAsset),
    settlement_asset: quote.settlementAsset,
    rate: wireDecimal(quote.rate),
    fx_provider: chosen ? chosen.fx_provider : null,
    offers,
    expires_at: wireTime(quote.expiresAt),
    created_at: wireTime(quote.createdAt),
  };
}
