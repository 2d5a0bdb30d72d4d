import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { assertPaymentTransition, captureObligations } from '../../../../core/payments';
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

  async execute({ principal, paymentId, idempotency }: CapturePaymentCommand) {
    requireRole(principal, 'operator', 'merchant');
    let event: PaymentCapturedEvent | undefined;
    const response = await this.change.run(principal, paymentId, idempotency, 200, async (tx, payment) => {
      assertPaymentTransition(payment.status, 'captured');
      const windowId = await this.obligations.record(
        tx,
        payment.regionId,
        captureObligations(paymentLegs(payment, payment.region.settlementAsset)),
      );
      const captured = await tx.payment.update({
        where: { id: payment.id },
        data: { status: 'captured', capturedAt: new Date(), windowId },
      });
      event = new PaymentCapturedEvent(payment.id, payment.regionId, windowId);
      const presented = presentPayment(captured, payment.region.settlementAsset);
      await this.outbox.record(tx, {
        type: 'payment.captured',
        merchantId: payment.merchantId,
        regionId: payment.regionId,
        data: presented,
      });
      return presented;
    });
    if (!response.replayed && event) this.events.publish(event);
    return response;
  }
}
