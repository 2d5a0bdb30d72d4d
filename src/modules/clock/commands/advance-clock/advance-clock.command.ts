import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';

/**
 * Moves a region's test clock forward and, before answering, runs what came due in the region at its
 * new sandbox time: authorizations expire, a scheduled window close happens, webhook retries are made.
 */
export class AdvanceClockCommand extends Command<Schemas['ClockAdvanceResult']> {
  constructor(
    readonly principal: Principal,
    readonly regionId: string,
    readonly request: Schemas['ClockAdvanceRequest'],
  ) {
    super();
  }
}
