import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Schemas } from '../../adapters/http/openapi-document';
import { ValidatedBody } from '../../adapters/http/validated-body.pipe';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { CreateWebhookEndpointCommand } from './commands/create-webhook-endpoint/create-webhook-endpoint.command';
import { DeleteWebhookEndpointCommand } from './commands/delete-webhook-endpoint/delete-webhook-endpoint.command';
import { EnableWebhookEndpointCommand } from './commands/enable-webhook-endpoint/enable-webhook-endpoint.command';
import { RedeliverWebhookCommand } from './commands/redeliver-webhook/redeliver-webhook.command';
import { GetWebhookEndpointQuery, ListWebhookDeliveriesQuery, ListWebhookEndpointsQuery } from './queries/webhook-endpoints.queries';
import { pageParams } from '../../adapters/http/pagination';

@Controller('v1/webhook-endpoints')
export class WebhookEndpointsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  create(@CurrentPrincipal() principal: Principal, @ValidatedBody('WebhookEndpointRequest') body: Schemas['WebhookEndpointRequest']) {
    return this.commands.execute(new CreateWebhookEndpointCommand(principal, body));
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listWebhookEndpoints') query: QueryOf<'listWebhookEndpoints'>) {
    return this.queries.execute(new ListWebhookEndpointsQuery(principal, pageParams(query)));
  }

  @Get(':webhook_endpoint_id')
  get(@CurrentPrincipal() principal: Principal, @Param('webhook_endpoint_id') endpointId: string) {
    return this.queries.execute(new GetWebhookEndpointQuery(principal, endpointId));
  }

  @Delete(':webhook_endpoint_id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('webhook_endpoint_id') endpointId: string): Promise<void> {
    await this.commands.execute(new DeleteWebhookEndpointCommand(principal, endpointId));
  }

  @Post(':webhook_endpoint_id/enable')
  @HttpCode(200)
  enable(@CurrentPrincipal() principal: Principal, @Param('webhook_endpoint_id') endpointId: string) {
    return this.commands.execute(new EnableWebhookEndpointCommand(principal, endpointId));
  }

  @Get(':webhook_endpoint_id/deliveries')
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('webhook_endpoint_id') endpointId: string,
    @ValidatedQuery('listWebhookDeliveries') query: QueryOf<'listWebhookDeliveries'>,
  ) {
    return this.queries.execute(new ListWebhookDeliveriesQuery(principal, endpointId, pageParams(query)));
  }
}

@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':webhook_delivery_id/redeliver')
  @HttpCode(200)
  redeliver(@CurrentPrincipal() principal: Principal, @Param('webhook_delivery_id') deliveryId: string) {
    return this.commands.execute(new RedeliverWebhookCommand(principal, deliveryId));
  }
}
