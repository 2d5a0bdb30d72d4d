import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { page } from '../shared/page';
import { GetEventQuery, ListEventsQuery } from './queries/events.queries';

@Controller('v1/events')
export class EventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listEvents') query: QueryOf<'listEvents'>) {
    return this.queries.execute(new ListEventsQuery(principal, { ...page(query), type: query.type }));
  }

  @Get(':event_id')
  get(@CurrentPrincipal() principal: Principal, @Param('event_id') eventId: string) {
    return this.queries.execute(new GetEventQuery(principal, eventId));
  }
}
