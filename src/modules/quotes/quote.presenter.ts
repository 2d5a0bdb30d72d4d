import type { Schemas } from '../../adapters/http/openapi-document';
import type { Quote } from '../../generated/prisma/client';
import { wireAmount, wireDecimal, wireTime } from '../shared/wire-format';

export function presentQuote(quote: Quote): Schemas['Quote'] {
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
    expires_at: wireTime(quote.expiresAt),
    created_at: wireTime(quote.createdAt),
  };
}
