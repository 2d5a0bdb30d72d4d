import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, pageOf } from '../../../adapters/http/pagination';
import { ProblemError } from '../../../adapters/http/problem';
import type { Prisma } from '../../../generated/prisma/client';
import { notFound } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { presentSimulation } from '../simulation.presenter';

/** A key sees the simulations it asked for; the platform operator sees every one. */
function simulationScope(principal: Principal): Prisma.SimulationWhereInput {
  return principal.role === 'operator' && principal.regionId === null ? {} : { requestedBy: principal.keyId };
}

export class GetSimulationQuery extends Query<Schemas['Simulation']> {
  constructor(
    readonly principal: Principal,
    readonly simulationId: string,
  ) {
    super();
  }
}

@QueryHandler(GetSimulationQuery)
export class GetSimulationHandler implements IQueryHandler<GetSimulationQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, simulationId }: GetSimulationQuery) {
    const simulation = await this.db.simulation.findFirst({ where: { id: simulationId, ...simulationScope(principal) } });
    if (!simulation) throw notFound('simulation', simulationId);
    return presentSimulation(simulation);
  }
}

export class ListSimulationsQuery extends Query<Page<Schemas['Simulation']>> {
  constructor(
    readonly principal: Principal,
    readonly page: { limit: number; startingAfter?: string },
  ) {
    super();
  }
}

@QueryHandler(ListSimulationsQuery)
export class ListSimulationsHandler implements IQueryHandler<ListSimulationsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, page }: ListSimulationsQuery) {
    const rows = await this.db.simulation.findMany({
      where: { ...simulationScope(principal), ...(page.startingAfter ? { id: { lt: page.startingAfter } } : {}) },
      // The outputs can be megabytes: a list carries the headline results only.
      omit: { reportHtml: true, metricsCsv: true, queueCsv: true },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(
      rows.map((row) => presentSimulation({ ...row, reportHtml: null, metricsCsv: null, queueCsv: null })),
      page.limit,
    );
  }
}

export type SimulationOutput = 'report.html' | 'metrics.csv' | 'report.json';

export class GetSimulationOutputQuery extends Query<string> {
  constructor(
    readonly principal: Principal,
    readonly simulationId: string,
    readonly output: SimulationOutput,
  ) {
    super();
  }
}

/** One of a finished simulation's output files, as text. */
@QueryHandler(GetSimulationOutputQuery)
export class GetSimulationOutputHandler implements IQueryHandler<GetSimulationOutputQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, simulationId, output }: GetSimulationOutputQuery): Promise<string> {
    const simulation = await this.db.simulation.findFirst({
      where: { id: simulationId, ...simulationScope(principal) },
      select: {
        status: true,
        reportHtml: output === 'report.html',
        metricsCsv: output === 'metrics.csv',
        report: output === 'report.json',
      },
    });
    if (!simulation) throw notFound('simulation', simulationId);
    if (simulation.status !== 'succeeded') {
      throw new ProblemError(
        409,
        'simulation_not_finished',
        `Simulation ${simulationId} is ${simulation.status}; its ${output} exists once it has succeeded.`,
      );
    }
    if (output === 'report.html') return simulation.reportHtml ?? '';
    if (output === 'metrics.csv') return simulation.metricsCsv ?? '';
    return JSON.stringify(simulation.report);
  }
}
