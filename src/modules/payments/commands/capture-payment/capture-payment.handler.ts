import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { proportionalShare } from '../../../../core/fx';
import { formatAmount, parseAmount } from '../../../../core/money';
import { assertAuthorizationLive, assertPaymentTransition, captureObligations } from '../../../../core/payments';
import { sandboxNow } from '../../../../core/time';
import type { Payment } from '../../../../generated/prisma/client';
import { toDecimal } from '../../../shared/wire-format';
import { requireRole } from '../../../access/access-policy';
import { EventOutbox } from '../../../events/event-outbox';
import type { RecordedResponse } from '../../../idempotency/idempotent-executor';
import { ObligationRecorder } from '../../../settlement/obligation-recorder';
import { PaymentCapturedEvent } from '../../events/payment-events';
import { paymentLegs } from '../../payment-legs';
import { presentPayment } from '../../payment.presenter';
import { PaymentChange } from '../payment-change';
import { CapturePaymentCommand } from './capture-payment.command';

@CommandHandler(CapturePaymentCommand)
export class CapturePaymentHandler implements ICommandHandler<CapturePaymentCommand, RecordedResponse<Schemas['Payment']>> {
  constructor(
    private readonly change: PaymentChange,
    private readonly obligations: ObligationRecorder,
    private readonly events: EventBus,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ principal, paymentId, amount, idempotency }: CapturePaymentCommand) {
    requireRole(principal, 'operator', 'merchant');
    let event: PaymentCapturedEvent | undefined;
    const response = await this.change.run(principal, paymentId, idempotency, 200, async (tx, payment) => {
      const now = sandboxNow(payment.region.clockOffsetMs);
      assertAuthorizationLive(payment, 'captured', now);
      assertPaymentTransition(payment.status, 'captured');
      const asset = payment.region.settlementAsset;
      const shares = capturedShares(payment, asset, amount);
      const windowId = await this.obligations.record(
        tx,
        payment.regionId,
        captureObligations(paymentLegs({ ...payment, ...shares }, asset)),
        now,
      );
      const captured = await tx.payment.update({
        where: { id: payment.id },
        data: { ...toColumns(shares), status: 'captured', capturedAt: now, updatedAt: now, windowId },
      });
      event = new PaymentCapturedEvent(payment.id, payment.regionId, windowId);
      const presented = presentPayment(captured, payment.region);
      await this.outbox.record(tx, {
        type: 'payment.captured',
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

/**
 * What a capture takes: all that was authorized, or — on a partial capture — that part of it, with the
 * payer's price and the settlement value cut in proportion (the uncaptured rest is released).
 */
function capturedShares(payment: Payment, asset: string, requested: string | undefined) {
  const authorized = toDecimal(payment.amount);
  const amount = requested === undefined ? authorized : parseAmount(requested, payment.currency);
  if (amount.gt(authorized)) {
    throw new DomainError(
      'capture_exceeds_authorized',
      `At most ${formatAmount(authorized, payment.currency)} ${payment.currency} was authorized.`,
      'amount',
    );
  }
  const share = (total: { toString(): string }, currency: string) =>
    amount.eq(authorized) ? toDecimal(total) : proportionalShare(toDecimal(total), amount, authorized, currency);
  const payerPrincipal = share(payment.payerPrincipal, payment.payerCurrency);
  const fee = share(payment.fee, payment.payerCurrency);
  return {
    amountCaptured: amount,
    payerPrincipal,
    fee,
    payerAmount: payerPrincipal.plus(fee),
    settlementAmount: share(payment.settlementAmount, asset),
  };
}

function toColumns(shares: ReturnType<typeof capturedShares>) {
  return Object.fromEntries(Object.entries(shares).map(([key, value]) => [key, value.toFixed()]));
}
