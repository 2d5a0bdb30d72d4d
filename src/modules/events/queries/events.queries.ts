import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, pageOf } from '../../../adapters/http/pagination';
import { ProblemError } from '../../../adapters/http/problem';
import type { Prisma } from '../../../generated/prisma/client';
import { notFound } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { eventScope } from '../event-access';
import type { EventType } from '../event-outbox';
import { presentEvent } from '../event.presenter';

export class GetEventQuery extends Query<Schemas['Event']> {
  constructor(
    readonly principal: Principal,
    readonly eventId: string,
  ) {
    super();
  }
}

@QueryHandler(GetEventQuery)
export class GetEventHandler implements IQueryHandler<GetEventQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, eventId }: GetEventQuery) {
    const event = await this.db.event.findFirst({ where: { AND: [{ id: eventId }, eventScope(principal)] } });
    if (!event) throw notFound('event', eventId);
    return presentEvent(event);
  }
}

export interface EventFilters {
  limit: number;
  startingAfter?: string;
  type?: EventType;
}

export class ListEventsQuery extends Query<Page<Schemas['Event']>> {
  constructor(
    readonly principal: Principal,
    readonly filters: EventFilters,
  ) {
    super();
  }
}

/** Newest first by `sequence`, the order events were recorded in; the cursor is an event id. */
@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, filters: f }: ListEventsQuery) {
    const where: Prisma.EventWhereInput[] = [eventScope(principal)];
    if (f.type) where.push({ type: f.type });
    if (f.startingAfter) where.push({ sequence: { lt: await this.sequenceOf(principal, f.startingAfter) } });
    const rows = await this.db.event.findMany({ where: { AND: where }, orderBy: { sequence: 'desc' }, take: f.limit + 1 });
    return pageOf(rows.map(presentEvent), f.limit);
  }

  private async sequenceOf(principal: Principal, eventId: string): Promise<bigint> {
    const cursor = await this.db.event.findFirst({ where: { AND: [{ id: eventId }, eventScope(principal)] }, select: { sequence: true } });
    if (!cursor) {
      throw ProblemError.validationFailed('The query parameters are invalid.', [
        { field: 'starting_after', reason: `No event ${eventId} is visible to this key.`, code: 'invalid_value' },
      ]);
    }
    return cursor.sequence;
  }
}
