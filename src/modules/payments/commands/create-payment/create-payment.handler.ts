import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { requireRole } from '../../../access/access-policy';
import type { RecordedResponse } from '../../../idempotency/idempotent-executor';
import { raiseForcedRefusal } from '../../../shared/forced-failures';
import { GroupCommit, type GroupCommitOptions } from '../../../shared/group-commit';
import { CreatePaymentCommand } from './create-payment.command';
import { type PaymentCreated, PaymentCreationBatch } from './payment-creation-batch';

/** Injection token for how payment creations are grouped (see `GroupCommit`). */
export const PAYMENT_GROUP_COMMIT = Symbol('PAYMENT_GROUP_COMMIT');

/**
 * Checks what needs no database (role, forced refusals), then hands the payment to the group commit:
 * it is written with the others that arrived meanwhile, and answered once its batch has committed.
 */
@CommandHandler(CreatePaymentCommand)
export class CreatePaymentHandler implements ICommandHandler<CreatePaymentCommand, RecordedResponse<Schemas['Payment']>> {
  private readonly batches: GroupCommit<CreatePaymentCommand, PaymentCreated>;

  constructor(
    batch: PaymentCreationBatch,
    private readonly events: EventBus,
    @Inject(PAYMENT_GROUP_COMMIT) options: GroupCommitOptions,
  ) {
    this.batches = new GroupCommit((commands) => batch.write(commands), options);
  }

  async execute(command: CreatePaymentCommand): Promise<RecordedResponse<Schemas['Payment']>> {
    requireRole(command.principal, 'operator', 'merchant');
    raiseForcedRefusal(command.request.reference);
    const { response, event } = await this.batches.submit(command);
    if (event) this.events.publish(event);
    return response;
  }
}
