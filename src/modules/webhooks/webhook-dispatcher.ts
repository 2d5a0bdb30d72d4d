import { Inject, Injectable } from '@nestjs/common';
import { sandboxNow } from '../../core/time';
import { Prisma } from '../../generated/prisma/client';
import { newId } from '../shared/ids';
import { type Db, PRISMA, type Tx } from '../shared/persistence';
import { WebhookDeliverer } from './webhook-deliverer';

/** Events fanned out per transaction: a busy service's second of events (the dispatch runs every second) in one. */
const BATCH_SIZE = 1000;
/** Pending deliveries re-enqueued per page at start-up and by the overdue sweep. */
const RESUME_PAGE_SIZE = 500;

interface OutboxRow {
  /** Its place in the outbox and in the dispatch queue (BIGINT). */
  sequence: bigint;
  id: string;
  type: string;
  /** Null for a central bank's own events, which merchant endpoints do not receive. */
  merchant_id: string | null;
  central_bank_id: string | null;
  created_at: Date;
  /** The event's region's test clock offset (BIGINT). */
  clock_offset_ms: bigint;
}

interface PendingRow {
  id: string;
  attempt_count: number;
  next_attempt_at: Date | null;
  clock_offset_ms: bigint;
}

/**
 * Turns outbox events into deliveries: one per enabled endpoint of the event's merchant that takes its
 * type, created in the same transaction that takes the events out of the dispatch queue, so each event
 * fans out once even with several dispatchers (`SKIP LOCKED`). Attempt jobs are enqueued after that commit; one lost
 * to a crash in between is found again by {@link resumePending}.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  /** Dispatches every event in the dispatch queue, oldest first. */
  async dispatchPending(): Promise<void> {
    for (;;) {
      const { events, deliveryIds } = await this.db.$transaction((tx) => this.dispatchBatch(tx));
      for (const id of deliveryIds) await this.deliverer.enqueue(id, 1, 0);
      if (events < BATCH_SIZE) return;
    }
  }

  /**
   * Enqueues the next attempt of pending deliveries, each at its due time: all of them at start-up
   * (the in-process runner's timers died with the last process), or only those overdue by `graceMs`
   * (their job was lost). Attempts already waiting are not duplicated: they share the job id.
   */
  async resumePending(graceMs = 0): Promise<void> {
    let after = '';
    for (;;) {
      const wallClock = new Date();
      // Due times are on each region's test clock: overdue means before its sandbox time less the grace.
      const dueBefore = graceMs > 0 ? new Date(wallClock.getTime() - graceMs).toISOString() : null;
      const page = await this.db.$queryRaw<PendingRow[]>`
        SELECT d.id, d.attempt_count, d.next_attempt_at, COALESCE(r.clock_offset_ms, 0) AS clock_offset_ms
        FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id LEFT JOIN regions r ON r.id = w.region_id
        WHERE d.status = 'pending' AND d.id > ${after}
          AND (${dueBefore}::timestamptz IS NULL
            OR d.next_attempt_at < ${dueBefore}::timestamptz + COALESCE(r.clock_offset_ms, 0)::double precision * interval '1 millisecond')
        ORDER BY d.id LIMIT ${RESUME_PAGE_SIZE}`;
      for (const delivery of page) {
        const due = delivery.next_attempt_at?.getTime() ?? 0;
        const delayMs = Math.max(0, due - sandboxNow(delivery.clock_offset_ms, wallClock).getTime());
        await this.deliverer.enqueue(delivery.id, delivery.attempt_count + 1, delayMs);
      }
      if (page.length < RESUME_PAGE_SIZE) return;
      after = page[page.length - 1]!.id;
    }
  }

  private async dispatchBatch(tx: Tx): Promise<{ events: number; deliveryIds: string[] }> {
    const events = await tx.$queryRaw<OutboxRow[]>(takeFromDispatchQueue(BATCH_SIZE));
    if (events.length === 0) return { events: 0, deliveryIds: [] };
    const endpoints = await tx.webhookEndpoint.findMany({
      where: {
        // A merchant's endpoints take its events; a central bank's endpoints its own central-bank events.
        OR: [{ merchantId: { in: owners(events, 'merchant_id') } }, { centralBankId: { in: owners(events, 'central_bank_id') } }],
        status: 'enabled',
      },
      select: { id: true, merchantId: true, centralBankId: true, enabledEvents: true, createdAt: true },
    });
    const now = new Date();
    const deliveries = events.flatMap((event) =>
      endpoints
        // An endpoint receives what happens from its creation on, not the backlog before it.
        .filter((e) => ownsEvent(e, event) && e.createdAt <= event.created_at && takes(e.enabledEvents, event.type))
        .map((endpoint) => ({
          id: newId('whd'),
          endpointId: endpoint.id,
          eventId: event.id,
          status: 'pending' as const,
          // Due at once, on the region's test clock (as every later retry is).
          nextAttemptAt: sandboxNow(event.clock_offset_ms, now),
        })),
    );
    if (deliveries.length > 0) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
    return { events: events.length, deliveryIds: deliveries.map((d) => d.id) };
  }
}

/**
 * Takes the oldest `limit` events out of the dispatch queue and reads them, in one statement: taken by the
 * statement that reads them, so the transaction's rollback puts them back, and skipping those another
 * dispatcher holds. The sequences go through arrays (`= ANY (ARRAY(…))`) so that the queue and the events
 * are read by their primary keys whatever the planner's statistics say: joined to the CTE instead, a busy
 * service's events table, growing faster than it is analysed, was read whole and hashed every second.
 */
export function takeFromDispatchQueue(limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH taken AS (
      DELETE FROM event_dispatch_queue WHERE sequence = ANY (ARRAY(
        SELECT sequence FROM event_dispatch_queue ORDER BY sequence LIMIT ${limit} FOR UPDATE SKIP LOCKED))
      RETURNING sequence)
    SELECT e.sequence, e.id, e.type, e.merchant_id, e.central_bank_id, e.created_at, COALESCE(r.clock_offset_ms, 0) AS clock_offset_ms
    FROM events e LEFT JOIN regions r ON r.id = e.region_id
    WHERE e.sequence = ANY (ARRAY(SELECT sequence FROM taken))
    ORDER BY e.sequence`;
}

function owners(events: readonly OutboxRow[], column: 'merchant_id' | 'central_bank_id'): string[] {
  return [...new Set(events.flatMap((e) => (e[column] === null ? [] : [e[column]])))];
}

function ownsEvent(endpoint: { merchantId: string | null; centralBankId: string | null }, event: OutboxRow): boolean {
  return endpoint.merchantId !== null ? endpoint.merchantId === event.merchant_id : endpoint.centralBankId === event.central_bank_id;
}

function takes(enabledEvents: string[], type: string): boolean {
  return enabledEvents.includes('*') || enabledEvents.includes(type);
}
