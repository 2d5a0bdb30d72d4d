import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';
import type { IdempotentRequest, RecordedResponse } from '../../../idempotency/idempotent-executor';

/** Returns all or part of a captured payment to the payer; several refunds may follow one payment. */
export class RefundPaymentCommand extends Command<RecordedResponse<Schemas['Refund']>> {
  constructor(
    readonly principal: Principal,
    readonly paymentId: string,
    readonly request: Schemas['RefundRequest'],
    readonly idempotency: IdempotentRequest,
  ) {
    super();
  }
}
