import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';

/**
 * Changes a region's settlement model and cycle between windows and records the change: the open window
 * settles under the model it opened with, the next one under the new model; the cycle re-schedules at once.
 */
export class ChangeSettlementModelCommand extends Command<Schemas['SettlementModelChange']> {
  constructor(
    readonly principal: Principal,
    readonly regionId: string,
    readonly change: Schemas['SettlementModelChangeRequest'],
  ) {
    super();
  }
}
