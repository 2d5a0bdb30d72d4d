import { Controller, Get, Header } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { pageParams } from '../../adapters/http/pagination';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import {
  GetCorridorStatisticsQuery,
  GetMemberStatisticsQuery,
  GetStatisticsReportQuery,
  ListWindowStatisticsQuery,
  type StatisticsParams,
} from './queries/statistics.queries';

function rangeOf(query: { region_id: string; from?: string; to?: string }): StatisticsParams {
  return { regionId: query.region_id, ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) };
}

/** The regional overview: corridors, windows and central banks' settlement-asset needs over time. */
@Controller('v1/statistics')
export class StatisticsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('corridors')
  corridors(@CurrentPrincipal() principal: Principal, @ValidatedQuery('getCorridorStatistics') query: QueryOf<'getCorridorStatistics'>) {
    return this.queries.execute(new GetCorridorStatisticsQuery(principal, { ...rangeOf(query), period: query.period ?? 'month' }));
  }

  @Get('windows')
  windows(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listWindowStatistics') query: QueryOf<'listWindowStatistics'>) {
    return this.queries.execute(new ListWindowStatisticsQuery(principal, { ...rangeOf(query), ...pageParams(query) }));
  }

  @Get('members')
  members(@CurrentPrincipal() principal: Principal, @ValidatedQuery('getMemberStatistics') query: QueryOf<'getMemberStatistics'>) {
    return this.queries.execute(new GetMemberStatisticsQuery(principal, rangeOf(query)));
  }

  @Get('report.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  report(@CurrentPrincipal() principal: Principal, @ValidatedQuery('getStatisticsReportHtml') query: QueryOf<'getStatisticsReportHtml'>) {
    return this.queries.execute(new GetStatisticsReportQuery(principal, rangeOf(query)));
  }
}
