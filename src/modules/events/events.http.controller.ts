import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { GetEventQuery, ListEventsQuery } from './queries/events.queries';
import { pageParams } from '../../adapters/http/pagination';

@Controller('v1/events')
export class EventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listEvents') query: QueryOf<'listEvents'>) {
    return this.queries.execute(new ListEventsQuery(principal, { ...pageParams(query), type: query.type }));
  }

  @Get(':event_id')
  get(@CurrentPrincipal() principal: Principal, @Param('event_id') eventId: string) {
    return this.queries.execute(new GetEventQuery(principal, eventId));
  }
}
