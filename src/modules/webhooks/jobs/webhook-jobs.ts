import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../../../adapters/jobs/job-runner.port';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import { DELIVER_WEBHOOK, type DeliverWebhookJob, WebhookDeliverer } from '../webhook-deliverer';
import { WebhookDispatcher } from '../webhook-dispatcher';

const DISPATCH_EVENTS = 'webhooks.dispatch';
const RESUME_OVERDUE = 'webhooks.resume-overdue';

/**
 * How often the outbox is polled. Polling rather than reacting to in-process CQRS events: it sees
 * every committed event whichever process or code path recorded it (settlement included), picks up
 * what a crash left behind with no extra mechanism, and costs one indexed query a tick instead of a
 * job per payment on the hot path.
 */
const DISPATCH_EVERY_MS = 1000;
/** How often, and how late, pending deliveries whose attempt job was lost are looked for. */
const RESUME_OVERDUE_EVERY_MS = 60_000;
const OVERDUE_AFTER_MS = 60_000;
/** Attempts in flight per process: they wait on other people's servers, not on this one. */
const DELIVERY_CONCURRENCY = 8;

/**
 * The webhook worker: dispatches outbox events to endpoints on a short poll and runs delivery
 * attempts. At start-up it re-enqueues every pending delivery at its due time.
 */
@Injectable()
export class WebhookJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: WebhookDispatcher,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DISPATCH_EVENTS, () => this.dispatcher.dispatchPending());
    this.jobs.register(RESUME_OVERDUE, () => this.dispatcher.resumePending(OVERDUE_AFTER_MS));
    this.jobs.register<DeliverWebhookJob>(DELIVER_WEBHOOK, (job) => this.deliverer.attemptScheduled(job), {
      concurrency: DELIVERY_CONCURRENCY,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.dispatcher.resumePending();
    await this.jobs.schedule('webhooks-dispatch', DISPATCH_EVENTS, {}, DISPATCH_EVERY_MS);
    await this.jobs.schedule('webhooks-resume-overdue', RESUME_OVERDUE, {}, RESUME_OVERDUE_EVERY_MS);
  }
}
