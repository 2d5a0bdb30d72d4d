import type { Schemas } from '../../adapters/http/openapi-document';
import type { Payment, Refund } from '../../generated/prisma/client';
import { wireAmount, wireDecimal, wireTime } from '../shared/wire-format';

/**
 * What presenting a payment needs from its region: the settlement asset, and the FX providers, so the one
 * that priced the payment is named without another query. Use as `include: { region: paymentRegionView }`.
 */
export const paymentRegionView = {
  select: { settlementAsset: true, fxProviders: { select: { id: true, code: true, name: true } } },
} as const;

export interface PaymentRegionView {
  settlementAsset: string;
  fxProviders: readonly Schemas['FxProviderRef'][];
}

export function presentPayment(payment: Payment, region: PaymentRegionView): Schemas['Payment'] {
  const { settlementAsset } = region;
  const fxProvider = payment.fxProviderId === null ? undefined : region.fxProviders.find((p) => p.id === payment.fxProviderId);
  return {
    id: payment.id,
    region_id: payment.regionId,
    merchant_id: payment.merchantId,
    payer_participant_id: payment.payerParticipantId,
    quote_id: payment.quoteId,
    status: payment.status,
    capture_method: payment.captureMethod,
    amount: wireAmount(payment.amount, payment.currency),
    currency: payment.currency,
    payer_amount: wireAmount(payment.payerAmount, payment.payerCurrency),
    payer_currency: payment.payerCurrency,
    payer_principal: wireAmount(payment.payerPrincipal, payment.payerCurrency),
    fee: wireAmount(payment.fee, payment.payerCurrency),
    settlement_amount: wireAmount(payment.settlementAmount, settlementAsset),
    settlement_asset: settlementAsset,
    rate: wireDecimal(payment.rate),
    fx_provider: fxProvider ? { id: fxProvider.id, code: fxProvider.code, name: fxProvider.name } : null,
    amount_captured: wireAmount(payment.amountCaptured, payment.currency),
    amount_refunded: wireAmount(payment.amountRefunded, payment.currency),
    reference: payment.reference,
    failure: payment.failureCode ? { code: payment.failureCode, reason: payment.failureReason ?? '' } : null,
    window_id: payment.windowId,
    created_at: wireTime(payment.createdAt),
    updated_at: wireTime(payment.updatedAt),
    captured_at: wireTime(payment.capturedAt),
    // Only while it matters: the hold of an authorization still open, or the time it lapsed.
    authorization_expires_at:
      payment.status === 'authorized' || payment.status === 'expired' ? wireTime(payment.authorizationExpiresAt) : null,
    settled_at: wireTime(payment.settledAt),
  };
}

export function presentRefund(refund: Refund, payerCurrency: string, settlementAsset: string): Schemas['Refund'] {
  return {
    id: refund.id,
    payment_id: refund.paymentId,
    status: refund.status,
    amount: wireAmount(refund.amount, refund.currency),
    currency: refund.currency,
    payer_amount: wireAmount(refund.payerAmount, payerCurrency),
    settlement_amount: wireAmount(refund.settlementAmount, settlementAsset),
    reason: refund.reason,
    window_id: refund.windowId,
    created_at: wireTime(refund.createdAt),
    settled_at: wireTime(refund.settledAt),
  };
}
