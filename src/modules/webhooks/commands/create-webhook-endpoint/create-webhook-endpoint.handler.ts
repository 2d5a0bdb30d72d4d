import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { sandboxNow } from '../../../../core/time';
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
    requireRole(principal, 'operator', 'merchant', 'central_bank');
    const owner = await this.ownerFor(principal, request);
    const endpoint = await this.db.webhookEndpoint.create({
      data: {
        id: newId('we'),
        regionId: owner.regionId,
        merchantId: owner.merchantId,
        centralBankId: owner.centralBankId,
        url: request.url,
        description: request.description ?? null,
        enabledEvents: request.enabled_events.includes('*') ? ['*'] : request.enabled_events,
        // 192 random bits: a secret no one guesses, short enough to paste into a config file.
        secret: `whsec_${randomBytes(24).toString('base64url')}`,
        // The dispatcher compares this with events' times, which are also read from the region's test clock.
        createdAt: sandboxNow(owner.clockOffsetMs),
      },
    });
    return presentWebhookEndpoint(endpoint, { withSecret: true });
  }

  /** Whose events the endpoint receives: the merchant's or central bank's own key's, or the one the operator names. */
  private async ownerFor(principal: Principal, request: CreateWebhookEndpointCommand['request']) {
    const region = principal.regionId ? { regionId: principal.regionId } : {};
    const asBank =
      principal.role === 'central_bank' ||
      (principal.role === 'operator' && request.central_bank_id !== undefined && request.merchant_id === undefined);
    if (principal.role === 'central_bank' && request.merchant_id !== undefined) {
      throw new DomainError(
        'validation_failed',
        "A central-bank key registers endpoints for its own events, not a merchant's.",
        'merchant_id',
      );
    }
    if (asBank) {
      const id = principal.role === 'central_bank' ? principal.subjectId! : request.central_bank_id!;
      const requested = request.central_bank_id ?? id;
      const bank =
        requested === id
          ? await this.db.centralBank.findFirst({
              where: { id, ...region },
              select: { id: true, regionId: true, region: { select: { clockOffsetMs: true } } },
            })
          : null;
      if (!bank) throw new DomainError('reference_not_found', `No central bank ${requested} is visible to this key.`, 'central_bank_id');
      return { regionId: bank.regionId, merchantId: null, centralBankId: bank.id, clockOffsetMs: bank.region.clockOffsetMs };
    }
    if (request.central_bank_id !== undefined) {
      throw new DomainError('validation_failed', 'Name merchant_id or central_bank_id, not both.', 'central_bank_id');
    }
    const requested = request.merchant_id;
    if (principal.role === 'operator' && requested === undefined) {
      throw new DomainError(
        'validation_failed',
        'merchant_id or central_bank_id is required unless a merchant or central-bank key is used.',
        'merchant_id',
      );
    }
    const merchantId = principal.role === 'merchant' ? principal.subjectId! : requested!;
    const merchant =
      requested === undefined || requested === merchantId
        ? await this.db.merchant.findFirst({
            where: { id: merchantId, ...region },
            select: { id: true, regionId: true, region: { select: { clockOffsetMs: true } } },
          })
        : null;
    if (!merchant)
      throw new DomainError('reference_not_found', `No merchant ${requested ?? merchantId} is visible to this key.`, 'merchant_id');
    return { regionId: merchant.regionId, merchantId: merchant.id, centralBankId: null, clockOffsetMs: merchant.region.clockOffsetMs };
  }
}
