import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';
import type { IdempotentRequest, RecordedResponse } from '../../../idempotency/idempotent-executor';

/** Cancels an authorized payment before capture; nothing reaches settlement. */
export class VoidPaymentCommand extends Command<RecordedResponse<Schemas['Payment']>> {
  constructor(
    readonly principal: Principal,
    readonly paymentId: string,
    readonly idempotency: IdempotentRequest | undefined,
  ) {
    super();
  }
}
