import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { notFound, requireRole } from '../../../access/access-policy';
import { type Db, PRISMA } from '../../../shared/persistence';
import { webhookEndpointScope } from '../../webhook-access';
import { presentWebhookEndpoint } from '../../webhook.presenter';
import { EnableWebhookEndpointCommand } from './enable-webhook-endpoint.command';

@CommandHandler(EnableWebhookEndpointCommand)
export class EnableWebhookEndpointHandler implements ICommandHandler<EnableWebhookEndpointCommand, Schemas['WebhookEndpoint']> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, endpointId }: EnableWebhookEndpointCommand): Promise<Schemas['WebhookEndpoint']> {
    requireRole(principal, 'operator', 'merchant', 'central_bank');
    const { count } = await this.db.webhookEndpoint.updateMany({
      where: { AND: [{ id: endpointId }, webhookEndpointScope(principal)] },
      data: { status: 'enabled', disabledReason: null, disabledAt: null, consecutiveFailures: 0, failingSince: null },
    });
    if (count === 0) throw notFound('webhook endpoint', endpointId);
    return presentWebhookEndpoint(await this.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } }));
  }
}
