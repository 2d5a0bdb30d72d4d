import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';

/** Enables an endpoint again after it was disabled for failing, with its failure count cleared. */
export class EnableWebhookEndpointCommand extends Command<Schemas['WebhookEndpoint']> {
  constructor(
    readonly principal: Principal,
    readonly endpointId: string,
  ) {
    super();
  }
}
