import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { requireRole } from '../../../access/access-policy';
import type { Principal } from '../../../access/principal';
import { newId } from '../../../shared/ids';
import { type Db, PRISMA } from '../../../shared/persistence';
import { presentWebhookEndpoint } from '../../webhook.presenter';
import { CreateWebhookEndpointCommand } from './create-webhook-endpoint.command';

@CommandHandler(CreateWebhookEndpointCommand)
export class CreateWebhookEndpointHandler implements ICommandHandler<CreateWebhookEndpointCommand, Schemas['WebhookEndpoint']> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, request }: CreateWebhookEndpointCommand): Promise<Schemas['WebhookEndpoint']> {
    requireRole(principal, 'operator', 'merchant');
    const merchant = await this.merchantFor(principal, request.merchant_id);
    const endpoint = await this.db.webhookEndpoint.create({
      data: {
        id: newId('we'),
        regionId: merchant.regionId,
        merchantId: merchant.id,
        url: request.url,
        description: request.description ?? null,
        enabledEvents: request.enabled_events.includes('*') ? ['*'] : request.enabled_events,
        // 192 random bits: a secret no one guesses, short enough to paste into a config file.
        secret: `whsec_${randomBytes(24).toString('base64url')}`,
        // The dispatcher compares this with events' times, which are also taken from the service's clock.
        createdAt: new Date(),
      },
    });
    return presentWebhookEndpoint(endpoint, { withSecret: true });
  }

  private async merchantFor(principal: Principal, requested: string | undefined) {
    if (principal.role === 'operator' && requested === undefined) {
      throw new DomainError('validation_failed', 'merchant_id is required unless a merchant key is used.', 'merchant_id');
    }
    const merchantId = principal.role === 'merchant' ? principal.subjectId! : requested!;
    const merchant =
      requested === undefined || requested === merchantId
        ? await this.db.merchant.findFirst({
            where: { id: merchantId, ...(principal.regionId ? { regionId: principal.regionId } : {}) },
            select: { id: true, regionId: true },
          })
        : null;
    if (!merchant)
      throw new DomainError('reference_not_found', `No merchant ${requested ?? merchantId} is visible to this key.`, 'merchant_id');
    return merchant;
  }
}
