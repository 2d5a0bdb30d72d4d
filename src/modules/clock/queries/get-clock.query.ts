import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { canSeeRegion, notFound } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { presentClock } from '../clock.presenter';

export class GetClockQuery extends Query<Schemas['SandboxClock']> {
  constructor(
    readonly principal: Principal,
    readonly regionId: string,
  ) {
    super();
  }
}

@QueryHandler(GetClockQuery)
export class GetClockHandler implements IQueryHandler<GetClockQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, regionId }: GetClockQuery): Promise<Schemas['SandboxClock']> {
    const region = await this.db.region.findUnique({ where: { id: regionId }, select: { id: true, clockOffsetMs: true } });
    if (!region || !canSeeRegion(principal, region.id)) throw notFound('region', regionId);
    return presentClock(region);
  }
}
