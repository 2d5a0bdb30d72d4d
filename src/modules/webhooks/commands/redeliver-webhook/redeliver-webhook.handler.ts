import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { notFound, requireRole } from '../../../access/access-policy';
import { type Db, PRISMA } from '../../../shared/persistence';
import { webhookEndpointScope } from '../../webhook-access';
import { WebhookDeliverer } from '../../webhook-deliverer';
import { presentWebhookDelivery } from '../../webhook.presenter';
import { RedeliverWebhookCommand } from './redeliver-webhook.command';

@CommandHandler(RedeliverWebhookCommand)
export class RedeliverWebhookHandler implements ICommandHandler<RedeliverWebhookCommand, Schemas['WebhookDelivery']> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  async execute({ principal, deliveryId }: RedeliverWebhookCommand): Promise<Schemas['WebhookDelivery']> {
    requireRole(principal, 'operator', 'merchant', 'central_bank');
    const visible = await this.db.webhookDelivery.findFirst({
      where: { id: deliveryId, endpoint: webhookEndpointScope(principal) },
      select: { id: true },
    });
    const delivery = visible && (await this.deliverer.redeliver(visible.id));
    // Also when the endpoint was deleted while the attempt was under way.
    if (!delivery) throw notFound('webhook delivery', deliveryId);
    return presentWebhookDelivery(delivery);
  }
}
