import type { Schemas } from '../../adapters/http/openapi-document';
import type { Event } from '../../generated/prisma/client';
import { wireTime } from '../shared/wire-format';
import type { EventObject, EventType } from './event-outbox';

/** The event as the API returns it and as webhook endpoints receive it: one shape for both. */
export function presentEvent(event: Event): Schemas['Event'] {
  return {
    id: event.id,
    type: event.type as EventType,
    created_at: wireTime(event.createdAt),
    sequence: Number(event.sequence),
    data: { object: event.data as unknown as EventObject },
  };
}
