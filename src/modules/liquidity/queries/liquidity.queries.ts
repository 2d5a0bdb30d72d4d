import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, type PageParams, pageOf } from '../../../adapters/http/pagination';
import { requireRole } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { sandboxNow } from '../../../core/time';
import { findFunding } from '../commands/funding.commands';
import { centralBankInScope } from '../liquidity-access';
import { LiquidityReader } from '../liquidity-reader';
import { presentCapChange, presentFault, presentFunding, presentLiquidity, presentPledge } from '../liquidity.presenter';
import { requireVisibleRegion } from '../../regions/region-scope';

/** The `id < cursor` filter of a newest-first page (ids are time-ordered). */
function before(page: PageParams) {
  return page.startingAfter ? { id: { lt: page.startingAfter } } : {};
}

export class GetLiquidityQuery extends Query<Schemas['CentralBankLiquidity']> {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
  ) {
    super();
  }
}

@QueryHandler(GetLiquidityQuery)
export class GetLiquidityHandler implements IQueryHandler<GetLiquidityQuery> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly reader: LiquidityReader,
  ) {}
  async execute({ principal, centralBankId }: GetLiquidityQuery) {
    const bank = await centralBankInScope(this.db, principal, centralBankId);
    return presentLiquidity(await this.reader.readOne(this.db, bank), bank.region.settlementAsset, sandboxNow(bank.region.clockOffsetMs));
  }
}

export class ListFundingsQuery extends Query<Page<Schemas['Funding']>> {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
    readonly page: PageParams,
  ) {
    super();
  }
}

@QueryHandler(ListFundingsQuery)
export class ListFundingsHandler implements IQueryHandler<ListFundingsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, centralBankId, page }: ListFundingsQuery) {
    const bank = await centralBankInScope(this.db, principal, centralBankId);
    const rows = await this.db.funding.findMany({
      where: { centralBankId: bank.id, ...before(page) },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    const holds = await heldFundings(
      this.db,
      rows.map((r) => r.id),
    );
    return pageOf(
      rows.map((r) => presentFunding(r, bank.region.settlementAsset, holds.get(r.id) ?? null)),
      page.limit,
    );
  }
}

export class GetFundingQuery extends Query<Schemas['Funding']> {
  constructor(
    readonly principal: Principal,
    readonly fundingId: string,
  ) {
    super();
  }
}

@QueryHandler(GetFundingQuery)
export class GetFundingHandler implements IQueryHandler<GetFundingQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, fundingId }: GetFundingQuery) {
    requireRole(principal, 'operator', 'central_bank');
    const funding = await findFunding(this.db, principal, fundingId);
    const region = await this.db.region.findUniqueOrThrow({ where: { id: funding.regionId }, select: { settlementAsset: true } });
    const holds = await heldFundings(this.db, [funding.id]);
    return presentFunding(funding, region.settlementAsset, holds.get(funding.id) ?? null);
  }
}

/** The active late_funding fault holding each of these fundings. */
async function heldFundings(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const faults = await db.fault.findMany({
    where: { fundingId: { in: ids }, kind: 'late_funding', status: 'active' },
    select: { id: true, fundingId: true },
  });
  return new Map(faults.map((f) => [f.fundingId!, f.id]));
}

export class ListCollateralQuery extends Query<Page<Schemas['CollateralPledge']>> {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
    readonly page: PageParams,
  ) {
    super();
  }
}

@QueryHandler(ListCollateralQuery)
export class ListCollateralHandler implements IQueryHandler<ListCollateralQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, centralBankId, page }: ListCollateralQuery) {
    const bank = await centralBankInScope(this.db, principal, centralBankId);
    const rows = await this.db.collateralPledge.findMany({
      where: { centralBankId: bank.id, ...before(page) },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(
      rows.map((r) => presentPledge(r, bank.region.settlementAsset)),
      page.limit,
    );
  }
}

export class ListCapChangesQuery extends Query<Page<Schemas['NetDebitCapChange']>> {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
    readonly page: PageParams,
  ) {
    super();
  }
}

@QueryHandler(ListCapChangesQuery)
export class ListCapChangesHandler implements IQueryHandler<ListCapChangesQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, centralBankId, page }: ListCapChangesQuery) {
    const bank = await centralBankInScope(this.db, principal, centralBankId);
    const rows = await this.db.netDebitCapChange.findMany({
      where: { centralBankId: bank.id, ...before(page) },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(
      rows.map((r) => presentCapChange(r, bank.region.settlementAsset)),
      page.limit,
    );
  }
}

export class ListFaultsQuery extends Query<Page<Schemas['Fault']>> {
  constructor(
    readonly principal: Principal,
    readonly regionId: string,
    readonly page: PageParams,
  ) {
    super();
  }
}

@QueryHandler(ListFaultsQuery)
export class ListFaultsHandler implements IQueryHandler<ListFaultsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, regionId, page }: ListFaultsQuery) {
    requireRole(principal, 'operator', 'central_bank');
    await requireVisibleRegion(this.db, principal, regionId);
    const rows = await this.db.fault.findMany({ where: { regionId, ...before(page) }, orderBy: { id: 'desc' }, take: page.limit + 1 });
    return pageOf(rows.map(presentFault), page.limit);
  }
}
