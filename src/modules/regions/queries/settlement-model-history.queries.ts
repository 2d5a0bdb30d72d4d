import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, type PageParams, pageOf } from '../../../adapters/http/pagination';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { presentSettlementModelChange } from '../settlement-model-change.presenter';
import { requireVisibleRegion } from '../region-scope';

export class ListSettlementModelChangesQuery extends Query<Page<Schemas['SettlementModelChange']>> {
  constructor(
    readonly principal: Principal,
    readonly regionId: string,
    readonly params: PageParams,
  ) {
    super();
  }
}

@QueryHandler(ListSettlementModelChangesQuery)
export class ListSettlementModelChangesHandler implements IQueryHandler<ListSettlementModelChangesQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, regionId, params }: ListSettlementModelChangesQuery) {
    await requireVisibleRegion(this.db, principal, regionId);
    const rows = await this.db.settlementModelChange.findMany({
      where: { regionId, ...(params.startingAfter ? { id: { lt: params.startingAfter } } : {}) },
      orderBy: { id: 'desc' },
      take: params.limit + 1,
    });
    return pageOf(rows.map(presentSettlementModelChange), params.limit);
  }
}
