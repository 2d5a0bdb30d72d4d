import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { proportionalShare } from '../../../../core/fx';
import { Decimal, formatAmount, parseAmount } from '../../../../core/money';
import { refundObligations } from '../../../../core/payments';
import { sandboxNow } from '../../../../core/time';
import { requireRole } from '../../../access/access-policy';
import { EventOutbox } from '../../../events/event-outbox';
import type { RecordedResponse } from '../../../idempotency/idempotent-executor';
import { ObligationRecorder } from '../../../settlement/obligation-recorder';
import { newId } from '../../../shared/ids';
import { toDecimal } from '../../../shared/wire-format';
import { RefundCreatedEvent } from '../../events/payment-events';
import { paymentLegs } from '../../payment-legs';
import { presentRefund } from '../../payment.presenter';
import { PaymentChange } from '../payment-change';
import { RefundPaymentCommand } from './refund-payment.command';

@CommandHandler(RefundPaymentCommand)
export class RefundPaymentHandler implements ICommandHandler<RefundPaymentCommand, RecordedResponse<Schemas['Refund']>> {
  constructor(
    private readonly change: PaymentChange,
    private readonly obligations: ObligationRecorder,
    private readonly events: EventBus,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ principal, paymentId, request, idempotency }: RefundPaymentCommand) {
    requireRole(principal, 'operator', 'merchant');
    let event: RefundCreatedEvent | undefined;
    const response = await this.change.run(principal, paymentId, idempotency, 201, async (tx, payment) => {
      if (payment.status !== 'captured' && payment.status !== 'settled') {
        throw new DomainError(
          'invalid_payment_state',
          `A ${payment.status} payment cannot be refunded; only captured or settled payments can.`,
        );
      }
      const asset = payment.region.settlementAsset;
      const captured = toDecimal(payment.amountCaptured);
      const remaining = captured.minus(toDecimal(payment.amountRefunded));
      const amount = request.amount === undefined ? remaining : parseAmount(request.amount, payment.currency);
      if (amount.lte(0) || amount.gt(remaining)) {
        throw new DomainError(
          'refund_exceeds_captured',
          `At most ${formatAmount(remaining, payment.currency)} ${payment.currency} of this payment is left to refund.`,
          'amount',
        );
      }
      // The payer gets back its share of the principal (the fee is not refunded); the last refund takes
      // exactly what is left, so partial refunds never drift from the payment's totals by rounding.
      const earlier = await tx.refund.aggregate({
        where: { paymentId: payment.id, status: { not: 'failed' } },
        _sum: { payerAmount: true, settlementAmount: true },
      });
      const isLast = amount.eq(remaining);
      const payerAmount = isLast
        ? toDecimal(payment.payerPrincipal).minus(toDecimal(earlier._sum.payerAmount ?? new Decimal(0)))
        : proportionalShare(toDecimal(payment.payerPrincipal), amount, captured, payment.payerCurrency);
      const settlementAmount = isLast
        ? toDecimal(payment.settlementAmount).minus(toDecimal(earlier._sum.settlementAmount ?? new Decimal(0)))
        : proportionalShare(toDecimal(payment.settlementAmount), amount, captured, asset);
      const id = newId('ref');
      const now = sandboxNow(payment.region.clockOffsetMs);
      const legs = paymentLegs(payment, asset, { reference: id, payerAmount, merchantAmount: amount, settlementAmount });
      const windowId = await this.obligations.record(tx, payment.regionId, refundObligations(legs), now);
      const refund = await tx.refund.create({
        data: {
          id,
          paymentId: payment.id,
          status: 'pending',
          amount: amount.toFixed(),
          currency: payment.currency,
          payerAmount: payerAmount.toFixed(),
          settlementAmount: settlementAmount.toFixed(),
          reason: request.reason ?? null,
          windowId,
          createdAt: now,
        },
      });
      await tx.payment.update({ where: { id: payment.id }, data: { amountRefunded: { increment: amount.toFixed() }, updatedAt: now } });
      event = new RefundCreatedEvent(id, payment.id, payment.regionId, windowId);
      const presented = presentRefund(refund, payment.payerCurrency, asset);
      await this.outbox.record(tx, {
        type: 'refund.created',
        merchantId: payment.merchantId,
        regionId: payment.regionId,
        data: presented,
        at: now,
      });
      return presented;
    });
    if (!response.replayed && event) this.events.publish(event);
    return response;
  }
}
