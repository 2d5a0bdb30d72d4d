import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';
import type { IdempotentRequest, RecordedResponse } from '../../../idempotency/idempotent-executor';

/** Captures an authorized payment, all of it or part: its obligations join the open settlement window. */
export class CapturePaymentCommand extends Command<RecordedResponse<Schemas['Payment']>> {
  constructor(
    readonly principal: Principal,
    readonly paymentId: string,
    /** Less than authorized for a partial capture; undefined captures it all. */
    readonly amount: string | undefined,
    readonly idempotency: IdempotentRequest | undefined,
  ) {
    super();
  }
}
