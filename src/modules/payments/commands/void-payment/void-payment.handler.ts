import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { assertAuthorizationLive, assertPaymentTransition } from '../../../../core/payments';
import { sandboxNow } from '../../../../core/time';
import { requireRole } from '../../../access/access-policy';
import { EventOutbox } from '../../../events/event-outbox';
import type { RecordedResponse } from '../../../idempotency/idempotent-executor';
import { PaymentVoidedEvent } from '../../events/payment-events';
import { presentPayment } from '../../payment.presenter';
import { PaymentChange } from '../payment-change';
import { VoidPaymentCommand } from './void-payment.command';

@CommandHandler(VoidPaymentCommand)
export class VoidPaymentHandler implements ICommandHandler<VoidPaymentCommand, RecordedResponse<Schemas['Payment']>> {
  constructor(
    private readonly change: PaymentChange,
    private readonly events: EventBus,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ principal, paymentId, idempotency }: VoidPaymentCommand) {
    requireRole(principal, 'operator', 'merchant');
    const response = await this.change.run(principal, paymentId, idempotency, 200, async (tx, payment) => {
      const now = sandboxNow(payment.region.clockOffsetMs);
      assertAuthorizationLive(payment, 'voided', now);
      assertPaymentTransition(payment.status, 'voided');
      const voided = await tx.payment.update({ where: { id: payment.id }, data: { status: 'voided', updatedAt: now } });
      const presented = presentPayment(voided, payment.region);
      await this.outbox.record(tx, {
        type: 'payment.voided',
        merchantId: payment.merchantId,
        regionId: payment.regionId,
        data: presented,
        at: now,
      });
      return presented;
    });
    if (!response.replayed) this.events.publish(new PaymentVoidedEvent(response.body.id, response.body.region_id));
    return response;
  }
}
