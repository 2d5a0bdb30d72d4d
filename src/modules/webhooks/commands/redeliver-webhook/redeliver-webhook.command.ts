import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';

/** Sends a delivery's event to its endpoint again, now, and answers with the attempt it made. */
export class RedeliverWebhookCommand extends Command<Schemas['WebhookDelivery']> {
  constructor(
    readonly principal: Principal,
    readonly deliveryId: string,
  ) {
    super();
  }
}
