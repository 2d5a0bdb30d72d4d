import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Schemas } from '../../adapters/http/openapi-document';
import { ValidatedBody } from '../../adapters/http/validated-body.pipe';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { StartSimulationCommand } from './commands/start-simulation/start-simulation.command';
import { GetSimulationOutputQuery, GetSimulationQuery, ListSimulationsQuery } from './queries/simulations.queries';
import { pageParams } from '../../adapters/http/pagination';

@Controller('v1/simulations')
export class SimulationsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(202)
  start(@CurrentPrincipal() principal: Principal, @ValidatedBody('SimulationRequest') body: Schemas['SimulationRequest']) {
    return this.commands.execute(new StartSimulationCommand(principal, body));
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listSimulations') query: QueryOf<'listSimulations'>) {
    return this.queries.execute(new ListSimulationsQuery(principal, pageParams(query)));
  }

  @Get(':simulation_id')
  get(@CurrentPrincipal() principal: Principal, @Param('simulation_id') id: string) {
    return this.queries.execute(new GetSimulationQuery(principal, id));
  }

  @Get(':simulation_id/report.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  reportHtml(@CurrentPrincipal() principal: Principal, @Param('simulation_id') id: string) {
    return this.queries.execute(new GetSimulationOutputQuery(principal, id, 'report.html'));
  }

  @Get(':simulation_id/metrics.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  metricsCsv(@CurrentPrincipal() principal: Principal, @Param('simulation_id') id: string) {
    return this.queries.execute(new GetSimulationOutputQuery(principal, id, 'metrics.csv'));
  }

  @Get(':simulation_id/report.json')
  @Header('Content-Type', 'application/json; charset=utf-8')
  reportJson(@CurrentPrincipal() principal: Principal, @Param('simulation_id') id: string) {
    return this.queries.execute(new GetSimulationOutputQuery(principal, id, 'report.json'));
  }
}
