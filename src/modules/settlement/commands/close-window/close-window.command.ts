import { Command } from '@nestjs/cqrs';
import type { SettlementWindow } from '../../../../generated/prisma/client';

/**
 * Closes a window and carries it through to settlement: `open → closing → closed → settling → settled`.
 * Each step commits on its own, so a crash anywhere resumes from the last committed step when the
 * command runs again; running it on a window already past a step never repeats that step.
 */
export class CloseWindowCommand extends Command<SettlementWindow> {
  constructor(readonly windowId: string) {
    super();
  }
}
