import { Injectable } from '@nestjs/common';
import type { Schemas } from '../../adapters/http/openapi-document';
import { newId } from '../shared/ids';
import type { Tx } from '../shared/persistence';

export type EventType = Schemas['EventType'];
/** The resource an event carries, in the wire format of `GET` on it. */
export type EventObject = Schemas['Event']['data']['object'];

export interface NewEvent {
  type: EventType;
  merchantId: string;
  regionId: string;
  data: EventObject;
}

/** Rows per INSERT when a window settles many payments at once, well under PostgreSQL's parameter limit. */
const ROWS_PER_INSERT = 1000;

/**
 * The transactional outbox: events are written in the transaction of the change they describe, so an
 * event exists if and only if its change committed. Nothing is lost when Redis is down or the process
 * dies after the commit; the webhook dispatcher reads what is not yet dispatched.
 */
@Injectable()
export class EventOutbox {
  async record(tx: Tx, event: NewEvent): Promise<void> {
    await this.recordMany(tx, [event]);
  }

  async recordMany(tx: Tx, events: readonly NewEvent[]): Promise<void> {
    const createdAt = new Date();
    for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
      await tx.event.createMany({
        data: events.slice(start, start + ROWS_PER_INSERT).map((event) => ({
          id: newId('evt'),
          type: event.type,
          regionId: event.regionId,
          merchantId: event.merchantId,
          data: event.data,
          createdAt,
        })),
      });
    }
  }
}
