import { Injectable } from '@nestjs/common';
import type { Schemas } from '../../adapters/http/openapi-document';
import { sandboxNow } from '../../core/time';
import { type BulkColumn, bulkInsert, type InsertRows } from '../shared/bulk-insert';
import { newId } from '../shared/ids';
import type { Tx } from '../shared/persistence';

export type EventType = Schemas['EventType'];
/** The resource an event carries, in the wire format of `GET` on it. */
export type EventObject = Schemas['Event']['data']['object'];

/** An event about a merchant's resource (`merchantId`), or a central bank's own event (`centralBankId`, no merchant). */
export interface NewEvent {
  type: EventType;
  merchantId?: string | null;
  centralBankId?: string | null;
  regionId: string;
  data: EventObject;
  /**
   * When it happened: the region's sandbox time of the change, which callers holding the region's clock
   * pass; left out, the outbox reads the region's clock (one query per call).
   */
  at?: Date;
}

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

  /** One multi-row insert; events get their sequence in the order given. */
  async recordMany(tx: Tx, events: readonly NewEvent[]): Promise<void> {
    const wallClock = new Date();
    const unclocked = [...new Set(events.filter((e) => e.at === undefined).map((e) => e.regionId))];
    const offsets = new Map(
      unclocked.length === 0
        ? []
        : (await tx.region.findMany({ where: { id: { in: unclocked } }, select: { id: true, clockOffsetMs: true } })).map((r) => [
            r.id,
            r.clockOffsetMs,
          ]),
    );
    await bulkInsert(
      tx,
      'events',
      columns((e) => e.at ?? sandboxNow(offsets.get(e.regionId) ?? 0n, wallClock)),
      events,
    );
  }
}

/** The rows of the outbox for events whose time is known, for a caller that writes them in its own statement. */
export function eventRows(events: readonly (NewEvent & { at: Date })[]): InsertRows<NewEvent> {
  return { table: 'events', columns: columns((e) => e.at!), rows: events };
}

function columns(createdAt: (event: NewEvent) => Date): BulkColumn<NewEvent>[] {
  return [
    { name: 'id', type: 'text', value: () => newId('evt') },
    { name: 'type', type: 'text', value: (e) => e.type },
    { name: 'region_id', type: 'text', value: (e) => e.regionId },
    { name: 'merchant_id', type: 'text', value: (e) => e.merchantId ?? null },
    { name: 'central_bank_id', type: 'text', value: (e) => e.centralBankId ?? null },
    { name: 'data', type: 'jsonb', value: (e) => e.data },
    { name: 'created_at', type: 'timestamptz', value: createdAt },
  ];
}
