import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { JOB_RUNNER, type JobRunner } from '../../../adapters/jobs/job-runner.port';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import { AuthorizationExpiry } from '../authorization-expiry';

const EXPIRE_AUTHORIZATIONS = 'payments.expire-authorizations';
/**
 * How often, in wall time, lapsed authorizations are looked for in every region. An advance of a
 * region's test clock runs the sweep for that region at once; this catches what lapses as time passes.
 */
const SWEEP_EVERY_MS = 30_000;

@Injectable()
export class AuthorizationExpiryJobs implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly expiry: AuthorizationExpiry,
  ) {}

  onModuleInit(): void {
    this.jobs.register(EXPIRE_AUTHORIZATIONS, async () => {
      await this.expiry.sweep();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.jobs.schedule('authorization-expiry', EXPIRE_AUTHORIZATIONS, {}, SWEEP_EVERY_MS);
  }
}
