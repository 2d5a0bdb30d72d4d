import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';

/** Registers a merchant's URL for its events; the answer carries the signing secret. */
export class CreateWebhookEndpointCommand extends Command<Schemas['WebhookEndpoint']> {
  constructor(
    readonly principal: Principal,
    readonly request: Schemas['WebhookEndpointRequest'],
  ) {
    super();
  }
}
