import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { ProblemError } from '../../../../adapters/http/problem';
import { JOB_RUNNER, type JobRunner } from '../../../../adapters/jobs/job-runner.port';
import { resolveScenario, ScenarioError, type ScenarioProblem } from '../../../../simulation';
import { newId } from '../../../shared/ids';
import { type Db, PRISMA } from '../../../shared/persistence';
import { RUN_SIMULATION } from '../../jobs/simulation-jobs';
import { presentSimulation } from '../../simulation.presenter';
import { StartSimulationCommand } from './start-simulation.command';

@CommandHandler(StartSimulationCommand)
export class StartSimulationHandler implements ICommandHandler<StartSimulationCommand, Schemas['Simulation']> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(JOB_RUNNER) private readonly jobs: JobRunner,
  ) {}

  async execute({ principal, request }: StartSimulationCommand): Promise<Schemas['Simulation']> {
    const scenario = request.scenario as { name?: unknown; workload?: { replay?: unknown } };
    if (scenario.workload?.replay !== undefined) {
      // A replay names a file on the machine that runs it: over the API that would read the server's files.
      throw invalidScenario([
        { field: 'workload.replay', message: 'replaying a CSV file is for `npm run simulate`; send a generated workload' },
      ]);
    }
    try {
      resolveScenario(request.scenario, { source: 'scenario' });
    } catch (error) {
      if (error instanceof ScenarioError) throw invalidScenario(error.problems);
      throw error;
    }
    const simulation = await this.db.simulation.create({
      data: {
        id: newId('sim'),
        name: String(scenario.name),
        requestedBy: principal.keyId,
        status: 'queued',
        scenario: request.scenario,
      },
    });
    await this.jobs.enqueue(RUN_SIMULATION, { simulationId: simulation.id }, { jobId: simulation.id, attempts: 1 });
    return presentSimulation(simulation);
  }
}

function invalidScenario(problems: readonly ScenarioProblem[]): ProblemError {
  return ProblemError.validationFailed(
    'The scenario is invalid.',
    problems.map((p) => ({ field: p.field ? `scenario.${p.field}` : 'scenario', reason: p.message, code: 'validation_failed' })),
  );
}
