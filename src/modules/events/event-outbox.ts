import { Injectable } from '@nestjs/common';
import type { Schemas } from '../../adapters/http/openapi-document';
import { sandboxNow } from '../../core/time';
import { type BulkColumn, insertStatement, type JsonText, ROWS_PER_STATEMENT } from '../shared/bulk-insert';
import { newId } from '../shared/ids';
import type { Tx } from '../shared/persistence';

export type EventType = Schemas['EventType'];
/** The resource an event carries, in the wire format of `GET` on it. */
export type EventObject = Schemas['Event']['data']['object'];

/** An event about a merchant's resource (`merchantId`), or a central bank's own event (`centralBankId`, no merchant). */
export interface NewEvent {
  /** Given by a caller that refers to the event in the same statement; otherwise a new one. */
  id?: string;
  type: EventType;
  merchantId?: string | null;
  centralBankId?: string | null;
  regionId: string;
  /** The object, or its JSON text when the caller has serialised it already. */
  data: EventObject | JsonText;
  /**
   * When it happened: the region's sandbox time of the change, which callers holding the region's clock
   * pass; left out, the outbox reads the region's clock (one query per call).
   */
  at?: Date;
}

/**
 * The transactional outbox: events are written in the transaction of the change they describe, so an
 * event exists if and only if its change committed. Nothing is lost when Redis is down or the process
 * dies after the commit; the webhook dispatcher takes what is in the dispatch queue.
 */
@Injectable()
export class EventOutbox {
  async record(tx: Tx, event: NewEvent): Promise<void> {
    await this.recordMany(tx, [event]);
  }

  /** One statement per 5,000 events; events get their sequence in the order given. */
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
    const clocked = events.map((e) => ({ ...e, at: e.at ?? sandboxNow(offsets.get(e.regionId) ?? 0n, wallClock) }));
    for (let start = 0; start < clocked.length; start += ROWS_PER_STATEMENT) {
      const { queries, params } = outboxQueries(clocked.slice(start, start + ROWS_PER_STATEMENT), 1);
      await tx.$queryRawUnsafe(`WITH ${queries.join(',\n')}\nSELECT count(*) FROM events_written`, ...params);
    }
  }
}

/**
 * Writing events as queries of a caller's `WITH` (parameters numbered from `firstParam`, inserted only
 * if `condition` holds): `events_written` inserts the events, and `events_queued` puts each in the
 * webhook dispatcher's queue. The outbox's one way of writing, so no event misses the queue.
 */
export function outboxQueries(
  events: readonly (NewEvent & { at: Date })[],
  firstParam: number,
  condition?: string,
): { queries: string[]; params: unknown[] } {
  const statement = insertStatement({ table: 'events', columns: COLUMNS, rows: events }, firstParam, condition, 'sequence');
  return {
    queries: [
      `events_written AS (${statement.sql})`,
      `events_queued AS (INSERT INTO "event_dispatch_queue" ("sequence") SELECT "sequence" FROM events_written)`,
    ],
    params: statement.params,
  };
}

const COLUMNS: BulkColumn<NewEvent & { at: Date }>[] = [
  { name: 'id', type: 'text', value: (e) => e.id ?? newId('evt') },
  { name: 'type', type: 'text', value: (e) => e.type },
  { name: 'region_id', type: 'text', value: (e) => e.regionId },
  { name: 'merchant_id', type: 'text', value: (e) => e.merchantId ?? null },
  { name: 'central_bank_id', type: 'text', value: (e) => e.centralBankId ?? null },
  { name: 'data', type: 'jsonb', value: (e) => e.data },
  { name: 'created_at', type: 'timestamptz', value: (e) => e.at },
];
