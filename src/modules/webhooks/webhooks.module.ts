import { Module } from '@nestjs/common';
import { CreateWebhookEndpointHandler } from './commands/create-webhook-endpoint/create-webhook-endpoint.handler';
import { DeleteWebhookEndpointHandler } from './commands/delete-webhook-endpoint/delete-webhook-endpoint.handler';
import { EnableWebhookEndpointHandler } from './commands/enable-webhook-endpoint/enable-webhook-endpoint.handler';
import { RedeliverWebhookHandler } from './commands/redeliver-webhook/redeliver-webhook.handler';
import { WebhookJobs } from './jobs/webhook-jobs';
import { GetWebhookEndpointHandler, ListWebhookDeliveriesHandler, ListWebhookEndpointsHandler } from './queries/webhook-endpoints.queries';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSender } from './webhook-sender';
import { WebhookDeliveriesHttpController, WebhookEndpointsHttpController } from './webhooks.http.controller';

/** Merchants' webhook endpoints, and the worker that delivers outbox events to them, signed, with retries. */
@Module({
  controllers: [WebhookEndpointsHttpController, WebhookDeliveriesHttpController],
  providers: [
    WebhookSender,
    WebhookDeliverer,
    WebhookDispatcher,
    WebhookJobs,
    CreateWebhookEndpointHandler,
    DeleteWebhookEndpointHandler,
    EnableWebhookEndpointHandler,
    RedeliverWebhookHandler,
    GetWebhookEndpointHandler,
    ListWebhookEndpointsHandler,
    ListWebhookDeliveriesHandler,
  ],
  // The test clock makes retries that came due through the same deliverer.
  exports: [WebhookDeliverer],
})
export class WebhooksModule {}
