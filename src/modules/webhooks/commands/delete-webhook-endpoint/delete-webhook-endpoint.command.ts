import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../access/principal';

/** Removes an endpoint and its delivery log; pending retries find nothing to send. */
export class DeleteWebhookEndpointCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly endpointId: string,
  ) {
    super();
  }
}
