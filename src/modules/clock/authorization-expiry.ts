import { Inject, Injectable } from '@nestjs/common';
import { assertPaymentTransition } from '../../core/payments';
import { sandboxNow } from '../../core/time';
import { EventOutbox } from '../events/event-outbox';
import { paymentRegionView, presentPayment } from '../payments/payment.presenter';
import { type Db, PRISMA, type Tx } from '../shared/persistence';

/** Authorizations expired per transaction. */
const BATCH_SIZE = 500;

/**
 * Expires manual-capture authorizations left uncaptured past `authorization_expires_at`, on each
 * region's test clock: each batch moves its payments `authorized → expired` and records their
 * `payment.expired` events in one transaction. Nothing is released, because nothing was owed: an
 * authorization has no obligations until it is captured.
 */
@Injectable()
export class AuthorizationExpiry {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly outbox: EventOutbox,
  ) {}

  /** Expires what is due in one region, or in every region; returns the expired payments' ids. */
  async sweep(regionId?: string): Promise<string[]> {
    const expired: string[] = [];
    for (;;) {
      const batch = await this.db.$transaction((tx) => this.expireBatch(tx, regionId ?? null));
      expired.push(...batch);
      if (batch.length < BATCH_SIZE) return expired;
    }
  }

  private async expireBatch(tx: Tx, regionId: string | null): Promise<string[]> {
    const wallClock = new Date();
    // Row locks, not SKIP LOCKED: a capture or void holding a payment finishes first, and the row is
    // then re-checked against `status = 'authorized'`, so a payment is never both captured and expired.
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT p.id FROM payments p JOIN regions r ON r.id = p.region_id
      WHERE p.status = 'authorized'
        AND p.authorization_expires_at <= ${wallClock.toISOString()}::timestamptz + r.clock_offset_ms::double precision * interval '1 millisecond'
        AND (${regionId}::text IS NULL OR p.region_id = ${regionId}::text)
      ORDER BY p.id LIMIT ${BATCH_SIZE} FOR UPDATE OF p`;
    if (due.length === 0) return [];
    const payments = await tx.payment.findMany({
      where: { id: { in: due.map((d) => d.id) }, status: 'authorized' },
      include: { region: { select: { ...paymentRegionView.select, clockOffsetMs: true } } },
      orderBy: { id: 'asc' },
    });
    const expired = payments.map((payment) => {
      assertPaymentTransition(payment.status, 'expired');
      const now = sandboxNow(payment.region.clockOffsetMs, wallClock);
      return { ...payment, status: 'expired' as const, updatedAt: now };
    });
    for (const payment of expired) {
      await tx.payment.update({ where: { id: payment.id }, data: { status: 'expired', updatedAt: payment.updatedAt } });
    }
    await this.outbox.recordMany(
      tx,
      expired.map((payment) => ({
        type: 'payment.expired' as const,
        merchantId: payment.merchantId,
        regionId: payment.regionId,
        data: presentPayment(payment, payment.region),
        at: payment.updatedAt,
      })),
    );
    return expired.map((p) => p.id);
  }
}
