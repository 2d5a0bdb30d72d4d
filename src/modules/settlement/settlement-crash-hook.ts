import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type SettlementCrashPoint } from '../../config/app-config';
import type { WindowStatus } from '../../core/settlement';

/**
 * A test hook, armed only by CORRIDOR_CRASH_AFTER_STEP: the crash-recovery tests
 * (test/e2e/crash-recovery.e2e.spec.ts) make the process kill itself with SIGKILL at one point of a
 * window close — inside the transaction of a step, after its writes and before its commit, or right after
 * it commits — to prove that a restart resumes from the last committed step. SIGKILL, not an exception:
 * no `finally`, no rollback sent, no shutdown hook runs, exactly as when a machine loses power.
 */
@Injectable()
export class SettlementCrashHook {
  private readonly logger = new Logger(SettlementCrashHook.name);
  private readonly point: SettlementCrashPoint | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.point = config.settlementCrashPoint;
    if (this.point) this.logger.warn(`Test hook armed: this process kills itself at settlement step ${this.point}`);
  }

  /** Inside the transaction that moves a window to `status`, its writes done and not yet committed. */
  beforeCommit(status: WindowStatus): void {
    if (this.point === `${status}-before-commit`) this.crash();
  }

  /** Right after the transaction that moved a window to `status` committed. */
  afterCommit(status: WindowStatus): void {
    if (this.point === status) this.crash();
  }

  private crash(): void {
    process.kill(process.pid, 'SIGKILL');
  }
}
