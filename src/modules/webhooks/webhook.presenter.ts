import type { Schemas } from '../../adapters/http/openapi-document';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../../generated/prisma/client';
import type { EventType } from '../events/event-outbox';
import { wireTime } from '../shared/wire-format';

/** The secret is shown only where the spec says: at creation, and to the owner's own key. */
export function presentWebhookEndpoint(endpoint: WebhookEndpoint, options: { withSecret?: boolean } = {}): Schemas['WebhookEndpoint'] {
  return {
    id: endpoint.id,
    region_id: endpoint.regionId,
    merchant_id: endpoint.merchantId,
    central_bank_id: endpoint.centralBankId,
    url: endpoint.url,
    description: endpoint.description,
    enabled_events: endpoint.enabledEvents as Schemas['WebhookEventFilter'][],
    status: endpoint.status,
    disabled_reason: endpoint.disabledReason,
    disabled_at: wireTime(endpoint.disabledAt),
    created_at: wireTime(endpoint.createdAt),
    ...(options.withSecret ? { secret: endpoint.secret } : {}),
  };
}

export type DeliveryWithLog = WebhookDelivery & { event: { type: string }; attempts: WebhookAttempt[] };

/** Prisma `include` that loads what {@link presentWebhookDelivery} needs, attempts oldest first. */
export const deliveryLog = {
  event: { select: { type: true } },
  attempts: { orderBy: { number: 'asc' } },
} as const;

export function presentWebhookDelivery(delivery: DeliveryWithLog): Schemas['WebhookDelivery'] {
  return {
    id: delivery.id,
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.event.type as EventType,
    status: delivery.status,
    attempt_count: delivery.attemptCount,
    next_attempt_at: wireTime(delivery.nextAttemptAt),
    delivered_at: wireTime(delivery.deliveredAt),
    created_at: wireTime(delivery.createdAt),
    attempts: delivery.attempts.map((attempt) => ({
      number: attempt.number,
      manual: attempt.manual,
      started_at: wireTime(attempt.startedAt),
      duration_ms: attempt.durationMs,
      succeeded: attempt.succeeded,
      status_code: attempt.statusCode,
      error: attempt.error,
      response_excerpt: attempt.responseExcerpt,
    })),
  };
}
