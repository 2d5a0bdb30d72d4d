import { Injectable } from '@nestjs/common';
import { DomainError } from '../../core/errors';
import { feeScheduleOf, type FxOffer, type FxProviderTerms, priceBestOffer, type QuotePrice } from '../../core/fx';
import { parseAmount } from '../../core/money';
import type { CentralBank, FxProvider, FxRate, Merchant, Participant, Region } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';
import type { Tx } from '../shared/persistence';
import { toDecimal } from '../shared/wire-format';

export type PricingRegion = Region & { fxRates: FxRate[]; fxProviders: FxProvider[] };
export type PricingMerchant = Merchant & { participant: Participant & { centralBank: CentralBank } };
export type PricingPayer = Participant & { centralBank: CentralBank };

/** Everything a price depends on, resolved and checked against the caller's view. */
export interface PricedPayment {
  region: PricingRegion;
  merchant: PricingMerchant;
  payer: PricingPayer;
  price: QuotePrice;
  /** Whose offer priced it; null when the region's own spread did or nothing was converted. */
  fxProvider: PricingFxProvider | null;
  /** Every FX provider's offer, best first; empty when no provider was involved. */
  offers: FxOffer<PricingFxProvider>[];
}

/** A provider row with its spread as the core computes with it. */
export type PricingFxProvider = Omit<FxProvider, 'spreadBps'> & FxProviderTerms;

export interface PaymentTerms {
  merchantId?: string | undefined;
  payerParticipantId: string;
  amount: string;
  currency: string;
}

/**
 * The merchants, payers and regions (with rates and FX providers) that a set of prices needs, read in one
 * query per table, so a batch of payments reads its reference data once however many it prices.
 */
export class PricingReference {
  constructor(
    readonly merchants: ReadonlyMap<string, PricingMerchant>,
    readonly payers: ReadonlyMap<string, PricingPayer>,
    readonly regions: ReadonlyMap<string, PricingRegion>,
  ) {}
}

/**
 * Resolves the merchant and payer of a quote or a direct payment and prices it at the region's
 * reference rates: through the FX provider whose offer costs the payer least (or the region's own spread
 * when it has none), with the payer participant's fee schedule or else the region's fee. A merchant key
 * always acts for its own merchant.
 */
@Injectable()
export class QuotePricer {
  async price(tx: Tx, principal: Principal, terms: PaymentTerms): Promise<PricedPayment> {
    const merchantId = merchantIdFor(principal, terms.merchantId);
    const reference = await this.load(tx, [merchantId], [terms.payerParticipantId]);
    return this.priceWith(reference, principal, terms);
  }

  /** Reads the reference data for these merchants and payers (and their regions) in one query per table. */
  async load(tx: Tx, merchantIds: readonly string[], payerIds: readonly string[]): Promise<PricingReference> {
    const [merchants, payers] = await Promise.all([
      tx.merchant.findMany({
        where: { id: { in: [...new Set(merchantIds)] } },
        include: { participant: { include: { centralBank: true } } },
      }),
      tx.participant.findMany({ where: { id: { in: [...new Set(payerIds)] } }, include: { centralBank: true } }),
    ]);
    const regionIds = [...new Set([...merchants.map((m) => m.regionId), ...payers.map((p) => p.regionId)])];
    const regions = await tx.region.findMany({ where: { id: { in: regionIds } }, include: { fxRates: true, fxProviders: true } });
    return new PricingReference(
      new Map(merchants.map((m) => [m.id, m])),
      new Map(payers.map((p) => [p.id, p])),
      new Map(regions.map((r) => [r.id, r])),
    );
  }

  /** Prices from reference data already read: no database access, so a batch prices all its payments in memory. */
  priceWith(reference: PricingReference, principal: Principal, terms: PaymentTerms): PricedPayment {
    const merchant = visibleMerchant(reference, principal, merchantIdFor(principal, terms.merchantId));
    const payer = reference.payers.get(terms.payerParticipantId);
    if (!payer || payer.regionId !== merchant.regionId) {
      throw new DomainError(
        'reference_not_found',
        `No participant ${terms.payerParticipantId} in this merchant's region.`,
        'payer_participant_id',
      );
    }
    const merchantCurrency = merchant.participant.centralBank.currency;
    const amount = parseAmount(terms.amount, terms.currency);
    if (terms.currency !== merchantCurrency) {
      throw new DomainError(
        'currency_mismatch',
        `Amounts are in the merchant's currency, ${merchantCurrency}; got ${terms.currency}.`,
        'currency',
      );
    }
    const region = reference.regions.get(merchant.regionId)!;
    const best = priceBestOffer({
      merchantAmount: amount,
      merchantCurrency,
      payerCurrency: payer.centralBank.currency,
      rates: { settlementAsset: region.settlementAsset, ratePerAsset: new Map(region.fxRates.map((r) => [r.currency, toDecimal(r.rate)])) },
      regionSpreadBps: toDecimal(region.fxSpreadBps),
      fee: feeScheduleOf(toDecimal(region.feeBps), {
        feeBps: payer.feeBps === null ? null : toDecimal(payer.feeBps),
        fixedFee: payer.fixedFee === null ? null : toDecimal(payer.fixedFee),
      }),
      providers: region.fxProviders.map((provider) => ({ ...provider, spreadBps: toDecimal(provider.spreadBps) })),
    });
    return { region, merchant, payer, price: best.price, fxProvider: best.provider, offers: best.offers };
  }
}

/** The merchant a request acts for: a merchant key's own, or the one an operator names. */
export function merchantIdFor(principal: Principal, requested: string | undefined): string {
  if (principal.role === 'merchant') {
    if (requested !== undefined && requested !== principal.subjectId) {
      throw new DomainError('reference_not_found', `No merchant ${requested} is visible to this key.`, 'merchant_id');
    }
    return principal.subjectId!;
  }
  if (requested === undefined) {
    throw new DomainError('validation_failed', 'merchant_id is required unless a merchant key is used.', 'merchant_id');
  }
  return requested;
}

function visibleMerchant(reference: PricingReference, principal: Principal, merchantId: string): PricingMerchant {
  const merchant = reference.merchants.get(merchantId);
  if (!merchant || (principal.regionId !== null && merchant.regionId !== principal.regionId)) {
    throw new DomainError('reference_not_found', `No merchant ${merchantId} is visible to this key.`, 'merchant_id');
  }
  return merchant;
}
