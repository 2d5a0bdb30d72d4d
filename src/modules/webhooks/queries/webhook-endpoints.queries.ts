import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, type PageParams, pageOf } from '../../../adapters/http/pagination';
import { notFound, requireRole } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { webhookEndpointScope } from '../webhook-access';
import { deliveryLog, presentWebhookDelivery, presentWebhookEndpoint } from '../webhook.presenter';

export class GetWebhookEndpointQuery extends Query<Schemas['WebhookEndpoint']> {
  constructor(
    readonly principal: Principal,
    readonly endpointId: string,
  ) {
    super();
  }
}

@QueryHandler(GetWebhookEndpointQuery)
export class GetWebhookEndpointHandler implements IQueryHandler<GetWebhookEndpointQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, endpointId }: GetWebhookEndpointQuery) {
    requireRole(principal, 'operator', 'merchant', 'central_bank');
    const endpoint = await this.db.webhookEndpoint.findFirst({ where: { AND: [{ id: endpointId }, webhookEndpointScope(principal)] } });
    if (!endpoint) throw notFound('webhook endpoint', endpointId);
    // The secret goes to the merchant that receives the webhooks, not to an operator looking on.
    return presentWebhookEndpoint(endpoint, { withSecret: principal.role === 'merchant' || principal.role === 'central_bank' });
  }
}

export class ListWebhookEndpointsQuery extends Query<Page<Schemas['WebhookEndpoint']>> {
  constructor(
    readonly principal: Principal,
    readonly page: PageParams,
  ) {
    super();
  }
}

/** Newest first; secrets are never listed. */
@QueryHandler(ListWebhookEndpointsQuery)
export class ListWebhookEndpointsHandler implements IQueryHandler<ListWebhookEndpointsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, page }: ListWebhookEndpointsQuery) {
    requireRole(principal, 'operator', 'merchant', 'central_bank');
    const rows = await this.db.webhookEndpoint.findMany({
      where: { AND: [webhookEndpointScope(principal), page.startingAfter ? { id: { lt: page.startingAfter } } : {}] },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(
      rows.map((endpoint) => presentWebhookEndpoint(endpoint)),
      page.limit,
    );
  }
}

export class ListWebhookDeliveriesQuery extends Query<Page<Schemas['WebhookDelivery']>> {
  constructor(
    readonly principal: Principal,
    readonly endpointId: string,
    readonly page: PageParams,
  ) {
    super();
  }
}

/** An endpoint's delivery log, newest first, each delivery with all its attempts. */
@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, endpointId, page }: ListWebhookDeliveriesQuery) {
    requireRole(principal, 'operator', 'merchant', 'central_bank');
    const endpoint = await this.db.webhookEndpoint.findFirst({
      where: { AND: [{ id: endpointId }, webhookEndpointScope(principal)] },
      select: { id: true },
    });
    if (!endpoint) throw notFound('webhook endpoint', endpointId);
    const rows = await this.db.webhookDelivery.findMany({
      where: { endpointId, ...(page.startingAfter ? { id: { lt: page.startingAfter } } : {}) },
      include: deliveryLog,
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(rows.map(presentWebhookDelivery), page.limit);
  }
}
