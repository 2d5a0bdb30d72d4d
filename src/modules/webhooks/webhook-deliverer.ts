import { Inject, Injectable } from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../../adapters/jobs/job-runner.port';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { sandboxNow } from '../../core/time';
import { EventOutbox } from '../events/event-outbox';
import { type Db, PRISMA, type Tx } from '../shared/persistence';
import { type AttemptOutcome, healthAfter, retryDelayMs } from './retry-policy';
import { type AttemptResult, WebhookSender } from './webhook-sender';
import { deliveryLog, type DeliveryWithLog, presentWebhookEndpoint } from './webhook.presenter';

export const DELIVER_WEBHOOK = 'webhooks.deliver';

export interface DeliverWebhookJob {
  deliveryId: string;
  /** Which scheduled attempt this job makes, from 1. */
  attempt: number;
}

/** The runner retries a job only when the database failed it; the endpoint's answers are results, not errors. */
const JOB_ATTEMPTS = 3;

/**
 * Makes delivery attempts and keeps their state in the database: one job per scheduled attempt,
 * delayed by the retry schedule, so the schedule is exact and survives restarts. The HTTP call runs
 * outside any transaction; its result is recorded under the delivery's row lock, where a duplicate
 * job or a concurrent manual redelivery is recognised by the attempt count and changes nothing.
 */
@Injectable()
export class WebhookDeliverer {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sender: WebhookSender,
    private readonly outbox: EventOutbox,
  ) {}

  /** The job id makes re-enqueueing an attempt (after a crash, by the overdue sweep) a no-op while it waits. */
  async enqueue(deliveryId: string, attempt: number, delayMs: number): Promise<void> {
    await this.jobs.enqueue<DeliverWebhookJob>(
      DELIVER_WEBHOOK,
      { deliveryId, attempt },
      { jobId: `${deliveryId}:${attempt}`, delayMs, attempts: JOB_ATTEMPTS },
    );
  }

  /** Makes scheduled attempt `attempt`, unless the delivery has moved on (done, deleted, or attempted already). */
  async attemptScheduled({ deliveryId, attempt }: DeliverWebhookJob): Promise<void> {
    const delivery = await this.db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true, event: true } });
    if (!delivery || delivery.status !== 'pending' || delivery.attemptCount !== attempt - 1) return;
    if (delivery.endpoint.status === 'disabled') {
      // Nothing more goes to a disabled endpoint; its owner can redeliver by hand once it is fixed.
      await this.db.webhookDelivery.updateMany({
        where: { id: deliveryId, status: 'pending', attemptCount: attempt - 1 },
        data: { status: 'failed', nextAttemptAt: null },
      });
      return;
    }
    const result = await this.sender.send(delivery.endpoint, delivery.event);
    const retryInMs = await this.db.$transaction(async (tx) => {
      const current = await this.lockDelivery(tx, deliveryId);
      if (!current) return null;
      await this.logAttempt(tx, deliveryId, result, false);
      if (current.status !== 'pending' || current.attemptCount !== attempt - 1) return null;
      const now = await this.regionNow(tx, delivery.endpoint.regionId);
      if (result.succeeded) {
        await tx.webhookDelivery.update({
          where: { id: deliveryId },
          data: { status: 'succeeded', attemptCount: attempt, nextAttemptAt: null, deliveredAt: result.startedAt },
        });
        await this.updateHealth(tx, current.endpointId, { kind: 'accepted' }, now);
        return null;
      }
      const delay = retryDelayMs(attempt, this.config.webhookRetryScale);
      await tx.webhookDelivery.update({
        where: { id: deliveryId },
        data: {
          status: delay === null ? 'failed' : 'pending',
          attemptCount: attempt,
          // Due on the region's test clock; the job below waits the same delay on the wall clock, which an
          // advance of the clock can only overtake (then the job finds the attempt made and does nothing).
          nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
        },
      });
      await this.updateHealth(tx, current.endpointId, { kind: 'failed', final: delay === null, error: result.error ?? '' }, now);
      return delay;
    });
    if (retryInMs !== null) await this.enqueue(deliveryId, attempt + 1, retryInMs);
  }

  /**
   * Sends the delivery's event again now, whatever its state or its endpoint's. Success completes it and
   * clears the endpoint's failure count; failure leaves the schedule alone. Null if it no longer exists.
   */
  async redeliver(deliveryId: string): Promise<DeliveryWithLog | null> {
    const delivery = await this.db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true, event: true } });
    if (!delivery) return null;
    const result = await this.sender.send(delivery.endpoint, delivery.event);
    return this.db.$transaction(async (tx) => {
      const current = await this.lockDelivery(tx, deliveryId);
      if (!current) return null;
      await this.logAttempt(tx, deliveryId, result, true);
      if (result.succeeded) {
        const now = await this.regionNow(tx, delivery.endpoint.regionId);
        if (current.status !== 'succeeded') {
          await tx.webhookDelivery.update({
            where: { id: deliveryId },
            data: { status: 'succeeded', nextAttemptAt: null, deliveredAt: result.startedAt },
          });
        }
        await this.updateHealth(tx, current.endpointId, { kind: 'accepted' }, now);
      }
      return tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: deliveryLog });
    });
  }

  /** The endpoint's region's sandbox time: retries fall due, and endpoints fail for days, on its test clock. */
  private async regionNow(tx: Tx, regionId: string): Promise<Date> {
    const region = await tx.region.findUniqueOrThrow({ where: { id: regionId }, select: { clockOffsetMs: true } });
    return sandboxNow(region.clockOffsetMs);
  }

  private async lockDelivery(tx: Tx, deliveryId: string) {
    await tx.$queryRaw`SELECT id FROM webhook_deliveries WHERE id = ${deliveryId} FOR UPDATE`;
    return tx.webhookDelivery.findUnique({ where: { id: deliveryId } });
  }

  /** Under the delivery's row lock, so attempt numbers never collide. */
  private async logAttempt(tx: Tx, deliveryId: string, result: AttemptResult, manual: boolean): Promise<void> {
    const last = await tx.webhookAttempt.findFirst({ where: { deliveryId }, orderBy: { number: 'desc' }, select: { number: true } });
    await tx.webhookAttempt.create({ data: { deliveryId, number: (last?.number ?? 0) + 1, manual, ...result } });
  }

  /** Counts the attempt towards the endpoint's health; disables it, recording the event, when the rule says so. */
  private async updateHealth(tx: Tx, endpointId: string, outcome: AttemptOutcome, now: Date): Promise<void> {
    await tx.$queryRaw`SELECT id FROM webhook_endpoints WHERE id = ${endpointId} FOR UPDATE`;
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    const { disableReason, ...health } = healthAfter(endpoint, outcome, now);
    const disable = endpoint.status === 'enabled' && disableReason !== null;
    const updated = await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: { ...health, ...(disable ? { status: 'disabled', disabledReason: disableReason, disabledAt: now } : {}) },
    });
    if (disable) {
      await this.outbox.record(tx, {
        type: 'webhook_endpoint.disabled',
        merchantId: updated.merchantId,
        centralBankId: updated.centralBankId,
        regionId: updated.regionId,
        data: presentWebhookEndpoint(updated),
        at: now,
      });
    }
  }
}
