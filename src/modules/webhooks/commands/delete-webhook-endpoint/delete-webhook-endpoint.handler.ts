import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { notFound, requireRole } from '../../../access/access-policy';
import { type Db, PRISMA } from '../../../shared/persistence';
import { webhookEndpointScope } from '../../webhook-access';
import { DeleteWebhookEndpointCommand } from './delete-webhook-endpoint.command';

@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler implements ICommandHandler<DeleteWebhookEndpointCommand, void> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, endpointId }: DeleteWebhookEndpointCommand): Promise<void> {
    requireRole(principal, 'operator', 'merchant', 'central_bank');
    // Deliveries and attempts go with it (ON DELETE CASCADE).
    const { count } = await this.db.webhookEndpoint.deleteMany({ where: { AND: [{ id: endpointId }, webhookEndpointScope(principal)] } });
    if (count === 0) throw notFound('webhook endpoint', endpointId);
  }
}
