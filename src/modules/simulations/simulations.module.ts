import { Module } from '@nestjs/common';
import { StartSimulationHandler } from './commands/start-simulation/start-simulation.handler';
import { SimulationJobs } from './jobs/simulation-jobs';
import { GetSimulationHandler, GetSimulationOutputHandler, ListSimulationsHandler } from './queries/simulations.queries';
import { SimulationsHttpController } from './simulations.http.controller';

/** The netting laboratory over the API: scenarios queued for a worker, their progress and reports. */
@Module({
  controllers: [SimulationsHttpController],
  providers: [StartSimulationHandler, SimulationJobs, GetSimulationHandler, ListSimulationsHandler, GetSimulationOutputHandler],
})
export class SimulationsModule {}
