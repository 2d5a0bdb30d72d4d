import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { captureObligations } from '../../../../core/payments';
import { requireRole } from '../../../access/access-policy';
import type { Principal } from '../../../access/principal';
import { EventOutbox } from '../../../events/event-outbox';
import { IdempotentExecutor, type RecordedResponse } from '../../../idempotency/idempotent-executor';
import { QuotePricer } from '../../../quotes/quote-pricer';
import { ObligationRecorder } from '../../../settlement/obligation-recorder';
import { newId } from '../../../shared/ids';
import { isUniqueViolation, type Tx } from '../../../shared/persistence';
import { toDecimal } from '../../../shared/wire-format';
import { PaymentAuthorizedEvent, PaymentCapturedEvent } from '../../events/payment-events';
import { forcedFailure, raiseForcedRefusal } from '../../../shared/forced-failures';
import { paymentLegs } from '../../payment-legs';
import { presentPayment } from '../../payment.presenter';
import { CreatePaymentCommand } from './create-payment.command';

type PaymentRequest = Schemas['PaymentRequest'];

/** The priced terms of a payment, whether they come from a quote or are priced now. */
interface Terms {
  regionId: string;
  settlementAsset: string;
  merchantId: string;
  merchantParticipantId: string;
  merchantCentralBankId: string;
  payerParticipantId: string;
  payerCentralBankId: string;
  quoteId: string | null;
  amount: string;
  currency: string;
  payerPrincipal: string;
  fee: string;
  payerAmount: string;
  payerCurrency: string;
  settlementAmount: string;
  rate: string;
}

@CommandHandler(CreatePaymentCommand)
export class CreatePaymentHandler implements ICommandHandler<CreatePaymentCommand, RecordedResponse<Schemas['Payment']>> {
  constructor(
    private readonly idempotency: IdempotentExecutor,
    private readonly pricer: QuotePricer,
    private readonly obligations: ObligationRecorder,
    private readonly events: EventBus,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ principal, request, idempotency }: CreatePaymentCommand): Promise<RecordedResponse<Schemas['Payment']>> {
    requireRole(principal, 'operator', 'merchant');
    raiseForcedRefusal(request.reference);
    let event: PaymentAuthorizedEvent | PaymentCapturedEvent | undefined;
    try {
      const response = await this.idempotency.run(idempotency, 201, async (tx) => {
        const now = new Date();
        const terms =
          'quote_id' in request ? await this.fromQuote(tx, principal, request.quote_id, now) : await this.priceNow(tx, principal, request);
        const automatic = (request.capture_method ?? 'automatic') === 'automatic';
        const { settlementAsset, ...fields } = terms;
        const id = newId('pay');
        const forced = forcedFailure(request.reference);
        const declined = forced?.kind === 'decline' ? forced : undefined;
        let payment = await tx.payment.create({
          data: {
            ...fields,
            id,
            status: declined ? 'declined' : 'authorized',
            captureMethod: automatic ? 'automatic' : 'manual',
            reference: request.reference ?? null,
            ...(declined ? { failureCode: declined.code, failureReason: declined.reason } : {}),
            createdAt: now,
            updatedAt: now,
          },
        });
        if (declined) {
          const presented = presentPayment(payment, settlementAsset);
          await this.outbox.record(tx, {
            type: 'payment.declined',
            merchantId: payment.merchantId,
            regionId: payment.regionId,
            data: presented,
          });
          return presented;
        }
        if (automatic) {
          // Automatic capture takes all that was authorized.
          const captured = { ...payment, amountCaptured: payment.amount };
          const windowId = await this.obligations.record(tx, payment.regionId, captureObligations(paymentLegs(captured, settlementAsset)));
          payment = await tx.payment.update({
            where: { id },
            data: { status: 'captured', capturedAt: now, windowId, amountCaptured: payment.amount },
          });
          event = new PaymentCapturedEvent(id, payment.regionId, windowId);
        } else {
          event = new PaymentAuthorizedEvent(id, payment.regionId);
        }
        const presented = presentPayment(payment, settlementAsset);
        await this.outbox.record(tx, {
          type: automatic ? 'payment.captured' : 'payment.authorized',
          merchantId: payment.merchantId,
          regionId: payment.regionId,
          data: presented,
        });
        return presented;
      });
      if (!response.replayed && event) this.events.publish(event);
      return response;
    } catch (error) {
      // The only unique value a new payment carries besides its fresh id is its quote.
      if (isUniqueViolation(error) && 'quote_id' in request) {
        throw new DomainError('quote_already_used', `Quote ${request.quote_id} has already paid for a payment.`, 'quote_id');
      }
      throw error;
    }
  }

  private async fromQuote(tx: Tx, principal: Principal, quoteId: string, now: Date): Promise<Terms> {
    const quote = await tx.quote.findFirst({
      where: {
        id: quoteId,
        ...(principal.regionId ? { regionId: principal.regionId } : {}),
        ...(principal.role === 'merchant' ? { merchantId: principal.subjectId! } : {}),
      },
      include: { region: true },
    });
    if (!quote) throw new DomainError('reference_not_found', `No quote ${quoteId} is visible to this key.`, 'quote_id');
    if (quote.expiresAt <= now) {
      throw new DomainError(
        'quote_expired',
        `Quote ${quoteId} expired at ${quote.expiresAt.toISOString()}; ask for a new quote.`,
        'quote_id',
      );
    }
    const [merchant, payer] = await Promise.all([
      tx.merchant.findUniqueOrThrow({ where: { id: quote.merchantId }, include: { participant: true } }),
      tx.participant.findUniqueOrThrow({ where: { id: quote.payerParticipantId } }),
    ]);
    return {
      regionId: quote.regionId,
      settlementAsset: quote.settlementAsset,
      merchantId: merchant.id,
      merchantParticipantId: merchant.participantId,
      merchantCentralBankId: merchant.participant.centralBankId,
      payerParticipantId: payer.id,
      payerCentralBankId: payer.centralBankId,
      quoteId: quote.id,
      amount: toDecimal(quote.merchantAmount).toFixed(),
      currency: quote.merchantCurrency,
      payerPrincipal: toDecimal(quote.payerPrincipal).toFixed(),
      fee: toDecimal(quote.fee).toFixed(),
      payerAmount: toDecimal(quote.payerAmount).toFixed(),
      payerCurrency: quote.payerCurrency,
      settlementAmount: toDecimal(quote.settlementAmount).toFixed(),
      rate: toDecimal(quote.rate).toFixed(),
    };
  }

  private async priceNow(tx: Tx, principal: Principal, request: Extract<PaymentRequest, { payer_participant_id: string }>): Promise<Terms> {
    const { region, merchant, payer, price } = await this.pricer.price(tx, principal, {
      merchantId: request.merchant_id,
      payerParticipantId: request.payer_participant_id,
      amount: request.amount,
      currency: request.currency,
    });
    return {
      regionId: region.id,
      settlementAsset: region.settlementAsset,
      merchantId: merchant.id,
      merchantParticipantId: merchant.participantId,
      merchantCentralBankId: merchant.participant.centralBankId,
      payerParticipantId: payer.id,
      payerCentralBankId: payer.centralBankId,
      quoteId: null,
      amount: price.merchantAmount.toFixed(),
      currency: price.merchantCurrency,
      payerPrincipal: price.payerPrincipal.toFixed(),
      fee: price.fee.toFixed(),
      payerAmount: price.payerAmount.toFixed(),
      payerCurrency: price.payerCurrency,
      settlementAmount: price.settlementAmount.toFixed(),
      rate: price.rate.toFixed(),
    };
  }
}
