import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { sandboxNow } from '../../../../core/time';
import { requireRole } from '../../../access/access-policy';
import { newId } from '../../../shared/ids';
import { type Db, PRISMA } from '../../../shared/persistence';
import { forcedFailure, raiseForcedRefusal } from '../../../shared/forced-failures';
import { QuotePricer } from '../../quote-pricer';
import { presentOffers, presentQuote } from '../../quote.presenter';
import { CreateQuoteCommand } from './create-quote.command';

@CommandHandler(CreateQuoteCommand)
export class CreateQuoteHandler implements ICommandHandler<CreateQuoteCommand, Schemas['Quote']> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly pricer: QuotePricer,
  ) {}

  async execute({ principal, request }: CreateQuoteCommand): Promise<Schemas['Quote']> {
    requireRole(principal, 'operator', 'merchant');
    raiseForcedRefusal(request.reference);
    const expiresAtOnce = forcedFailure(request.reference)?.kind === 'quote_expired';
    const quote = await this.db.$transaction(async (tx) => {
      const { region, merchant, payer, price, fxProvider, offers } = await this.pricer.price(tx, principal, {
        merchantId: request.merchant_id,
        payerParticipantId: request.payer_participant_id,
        amount: request.amount,
        currency: request.currency,
      });
      // The region's sandbox time: its test clock decides when the quote expires.
      const now = sandboxNow(region.clockOffsetMs);
      return tx.quote.create({
        data: {
          id: newId('quo'),
          regionId: region.id,
          merchantId: merchant.id,
          payerParticipantId: payer.id,
          merchantAmount: price.merchantAmount.toFixed(),
          merchantCurrency: price.merchantCurrency,
          payerPrincipal: price.payerPrincipal.toFixed(),
          fee: price.fee.toFixed(),
          payerAmount: price.payerAmount.toFixed(),
          payerCurrency: price.payerCurrency,
          settlementAmount: price.settlementAmount.toFixed(),
          settlementAsset: region.settlementAsset,
          rate: price.rate.toFixed(),
          fxProviderId: fxProvider?.id ?? null,
          offers: presentOffers(offers),
          expiresAt: expiresAtOnce ? now : new Date(now.getTime() + region.quoteTtlSeconds * 1000),
          createdAt: now,
        },
      });
    });
    return presentQuote(quote);
  }
}
