import { Inject, Injectable } from '@nestjs/common';
import { newId } from '../shared/ids';
import { type Db, PRISMA, type Tx } from '../shared/persistence';
import { WebhookDeliverer } from './webhook-deliverer';

/** Events fanned out per transaction. */
const BATCH_SIZE = 200;
/** Pending deliveries re-enqueued per page at start-up and by the overdue sweep. */
const RESUME_PAGE_SIZE = 500;

interface OutboxRow {
  id: string;
  type: string;
  merchant_id: string;
  created_at: Date;
}

/**
 * Turns outbox events into deliveries: one per enabled endpoint of the event's merchant that takes its
 * type, created in the same transaction that marks the events dispatched, so each event fans out once
 * even with several dispatchers (`SKIP LOCKED`). Attempt jobs are enqueued after that commit; one lost
 * to a crash in between is found again by {@link resumePending}.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  /** Dispatches every event not yet dispatched, oldest first. */
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
    const dueBefore = graceMs > 0 ? new Date(Date.now() - graceMs) : undefined;
    let after: string | undefined;
    for (;;) {
      const page = await this.db.webhookDelivery.findMany({
        where: { status: 'pending', ...(dueBefore ? { nextAttemptAt: { lt: dueBefore } } : {}), ...(after ? { id: { gt: after } } : {}) },
        select: { id: true, attemptCount: true, nextAttemptAt: true },
        orderBy: { id: 'asc' },
        take: RESUME_PAGE_SIZE,
      });
      for (const delivery of page) {
        const delayMs = Math.max(0, (delivery.nextAttemptAt?.getTime() ?? 0) - Date.now());
        await this.deliverer.enqueue(delivery.id, delivery.attemptCount + 1, delayMs);
      }
      if (page.length < RESUME_PAGE_SIZE) return;
      after = page[page.length - 1]?.id;
    }
  }

  private async dispatchBatch(tx: Tx): Promise<{ events: number; deliveryIds: string[] }> {
    const events = await tx.$queryRaw<OutboxRow[]>`
      SELECT id, type, merchant_id, created_at FROM events
      WHERE dispatched_at IS NULL ORDER BY sequence LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`;
    if (events.length === 0) return { events: 0, deliveryIds: [] };
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { merchantId: { in: [...new Set(events.map((e) => e.merchant_id))] }, status: 'enabled' },
      select: { id: true, merchantId: true, enabledEvents: true, createdAt: true },
    });
    const now = new Date();
    const deliveries = events.flatMap((event) =>
      endpoints
        // An endpoint receives what happens from its creation on, not the backlog before it.
        .filter((e) => e.merchantId === event.merchant_id && e.createdAt <= event.created_at && takes(e.enabledEvents, event.type))
        .map((endpoint) => ({
          id: newId('whd'),
          endpointId: endpoint.id,
          eventId: event.id,
          status: 'pending' as const,
          nextAttemptAt: now,
        })),
    );
    if (deliveries.length > 0) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
    await tx.event.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { dispatchedAt: now } });
    return { events: events.length, deliveryIds: deliveries.map((d) => d.id) };
  }
}

function takes(enabledEvents: string[], type: string): boolean {
  return enabledEvents.includes('*') || enabledEvents.includes(type);
}
