import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';

/** Checks a scenario and queues it for a simulation worker. */
export class StartSimulationCommand extends Command<Schemas['Simulation']> {
  constructor(
    readonly principal: Principal,
    readonly request: Schemas['SimulationRequest'],
  ) {
    super();
  }
}
