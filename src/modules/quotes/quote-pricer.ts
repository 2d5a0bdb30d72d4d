import { Injectable } from '@nestjs/common';
import { DomainError } from '../../core/errors';
import { priceQuote, type QuotePrice } from '../../core/fx';
import { parseAmount } from '../../core/money';
import type { CentralBank, Merchant, Participant, Region } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';
import type { Tx } from '../shared/persistence';
import { toDecimal } from '../shared/wire-format';

/** Everything a price depends on, resolved and checked against the caller's view. */
export interface PricedPayment {
  region: Region;
  merchant: Merchant & { participant: Participant & { centralBank: CentralBank } };
  payer: Participant & { centralBank: CentralBank };
  price: QuotePrice;
}

export interface PaymentTerms {
  merchantId?: string | undefined;
  payerParticipantId: string;
  amount: string;
  currency: string;
}

/**
 * Resolves the merchant and payer of a quote or a direct payment and prices it at the region's
 * reference rates, spread and fee. A merchant key always acts for its own merchant.
 */
@Injectable()
export class QuotePricer {
  async price(tx: Tx, principal: Principal, terms: PaymentTerms): Promise<PricedPayment> {
    const merchant = await this.merchantFor(tx, principal, terms.merchantId);
    const payer = await tx.participant.findFirst({
      where: { id: terms.payerParticipantId, regionId: merchant.regionId },
      include: { centralBank: true },
    });
    if (!payer) {
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
    const region = await tx.region.findUniqueOrThrow({ where: { id: merchant.regionId }, include: { fxRates: true } });
    const price = priceQuote({
      merchantAmount: amount,
      merchantCurrency,
      payerCurrency: payer.centralBank.currency,
      rates: { settlementAsset: region.settlementAsset, ratePerAsset: new Map(region.fxRates.map((r) => [r.currency, toDecimal(r.rate)])) },
      policy: { spreadBps: toDecimal(region.fxSpreadBps), feeBps: toDecimal(region.feeBps) },
    });
    return { region, merchant, payer, price };
  }

  private async merchantFor(tx: Tx, principal: Principal, requested: string | undefined) {
    if (principal.role === 'merchant') {
      if (requested !== undefined && requested !== principal.subjectId) {
        throw new DomainError('reference_not_found', `No merchant ${requested} is visible to this key.`, 'merchant_id');
      }
    } else if (requested === undefined) {
      throw new DomainError('validation_failed', 'merchant_id is required unless a merchant key is used.', 'merchant_id');
    }
    const merchantId = principal.role === 'merchant' ? principal.subjectId! : requested!;
    const merchant = await tx.merchant.findFirst({
      where: { id: merchantId, ...(principal.regionId ? { regionId: principal.regionId } : {}) },
      include: { participant: { include: { centralBank: true } } },
    });
    if (!merchant) throw new DomainError('reference_not_found', `No merchant ${merchantId} is visible to this key.`, 'merchant_id');
    return merchant;
  }
}
