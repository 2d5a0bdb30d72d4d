import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';
import type { IdempotentRequest, RecordedResponse } from '../../../idempotency/idempotent-executor';

/**
 * Takes a merchant payment, priced from a quote or at current rates. With automatic capture it is
 * captured at once and its obligations join the open settlement window; with manual capture it waits,
 * authorized, for a capture or a void.
 */
export class CreatePaymentCommand extends Command<RecordedResponse<Schemas['Payment']>> {
  constructor(
    readonly principal: Principal,
    readonly request: Schemas['PaymentRequest'],
    readonly idempotency: IdempotentRequest,
  ) {
    super();
  }
}
