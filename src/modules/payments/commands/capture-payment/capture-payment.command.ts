import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';
import type { IdempotentRequest, RecordedResponse } from '../../../idempotency/idempotent-executor';

/** Captures an authorized payment: its obligations join the open settlement window. */
export class CapturePaymentCommand extends Command<RecordedResponse<Schemas['Payment']>> {
  constructor(
    readonly principal: Principal,
    readonly paymentId: string,
    readonly idempotency: IdempotentRequest | undefined,
  ) {
    super();
  }
}
