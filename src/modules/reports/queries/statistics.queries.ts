import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, pageOf } from '../../../adapters/http/pagination';
import { Decimal, roundToCurrency, roundToScale } from '../../../core/money';
import { canSeeRegion, notFound, requireRole } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { wireAmount, wireDecimal, wireTime } from '../../shared/wire-format';
import { type Period, type Range, corridorRows, memberRows, windowRows } from '../statistics-sql';
import { MAX_WINDOWS_CHARTED, renderStatisticsHtml } from '../statistics-report.html';
import { sandboxNow } from '../../../core/time';

/** Decimal places of the average payer cost ratio (0.000001 = 0.0001 %). */
const COST_SCALE = 6;

export interface StatisticsParams {
  regionId: string;
  from?: string;
  to?: string;
}

/**
 * Statistics are the regional overview: the operator and the region's central banks see them; any
 * other role may never (403); a region the key cannot see does not exist for it (404).
 */
async function regionInScope(db: Db, principal: Principal, params: StatisticsParams) {
  requireRole(principal, 'operator', 'central_bank');
  const region = await db.region.findUnique({
    where: { id: params.regionId },
    select: { id: true, name: true, settlementAsset: true, clockOffsetMs: true },
  });
  if (!region || !canSeeRegion(principal, region.id)) throw notFound('region', params.regionId);
  const range: Range = {
    regionId: region.id,
    from: params.from === undefined ? new Date(0) : new Date(params.from),
    // Up to the region's sandbox time: what happened after an advance of its test clock is included.
    to: params.to === undefined ? sandboxNow(region.clockOffsetMs) : new Date(params.to),
  };
  return { region, range };
}

export class GetCorridorStatisticsQuery extends Query<Schemas['CorridorStatistics']> {
  constructor(
    readonly principal: Principal,
    readonly params: StatisticsParams & { period: Period },
  ) {
    super();
  }
}

@QueryHandler(GetCorridorStatisticsQuery)
export class GetCorridorStatisticsHandler implements IQueryHandler<GetCorridorStatisticsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: GetCorridorStatisticsQuery): Promise<Schemas['CorridorStatistics']> {
    const { region, range } = await regionInScope(this.db, principal, params);
    return corridorStatistics(this.db, region.settlementAsset, range, params);
  }
}

async function corridorStatistics(
  db: Db,
  asset: string,
  range: Range,
  params: StatisticsParams & { period: Period },
): Promise<Schemas['CorridorStatistics']> {
  const rows = await corridorRows(db, range, params.period);
  return {
    region_id: range.regionId,
    settlement_asset: asset,
    from: params.from === undefined ? null : wireTime(range.from),
    to: wireTime(range.to),
    period: params.period,
    corridors: rows.map((row) => {
      const value = new Decimal(row.payment_value);
      return {
        period_start: row.period_start,
        payer_country: row.payer_country,
        merchant_country: row.merchant_country,
        payment_count: row.payment_count,
        payment_value: wireAmount(value, asset),
        refund_count: row.refund_count,
        refund_value: wireAmount(row.refund_value, asset),
        average_payer_cost: value.isZero() ? null : wireDecimal(roundToScale(new Decimal(row.payer_cost).div(value), COST_SCALE)),
      };
    }),
  };
}

export class ListWindowStatisticsQuery extends Query<Page<Schemas['WindowStatistics']>> {
  constructor(
    readonly principal: Principal,
    readonly params: StatisticsParams & { limit: number; startingAfter?: string },
  ) {
    super();
  }
}

@QueryHandler(ListWindowStatisticsQuery)
export class ListWindowStatisticsHandler implements IQueryHandler<ListWindowStatisticsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: ListWindowStatisticsQuery): Promise<Page<Schemas['WindowStatistics']>> {
    const { region, range } = await regionInScope(this.db, principal, params);
    const rows = await windowStatistics(this.db, region.settlementAsset, range, {
      limit: params.limit + 1,
      startingAfter: params.startingAfter,
    });
    return pageOf(rows, params.limit);
  }
}

async function windowStatistics(
  db: Db,
  asset: string,
  range: Range,
  page: { limit: number; startingAfter?: string },
): Promise<Schemas['WindowStatistics'][]> {
  const rows = await windowRows(db, range, page);
  return rows.map((row) => ({
    id: row.id,
    window_number: row.number,
    settlement_rule: row.settlement_rule,
    closed_at: wireTime(row.closed_at),
    settled_at: wireTime(row.settled_at),
    settlement_asset: asset,
    gross: wireAmount(row.gross, asset),
    multilateral_net: wireAmount(row.multilateral_net, asset),
    netting_efficiency: wireDecimal(row.netting_efficiency),
    liquidity_used: wireAmount(row.liquidity_used, asset),
    payment_count: row.payment_count,
    refund_count: row.refund_count,
  }));
}

export class GetMemberStatisticsQuery extends Query<Schemas['MemberStatistics']> {
  constructor(
    readonly principal: Principal,
    readonly params: StatisticsParams,
  ) {
    super();
  }
}

@QueryHandler(GetMemberStatisticsQuery)
export class GetMemberStatisticsHandler implements IQueryHandler<GetMemberStatisticsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: GetMemberStatisticsQuery): Promise<Schemas['MemberStatistics']> {
    const { region, range } = await regionInScope(this.db, principal, params);
    return memberStatistics(this.db, region.settlementAsset, range, params);
  }
}

async function memberStatistics(db: Db, asset: string, range: Range, params: StatisticsParams): Promise<Schemas['MemberStatistics']> {
  const { windowCount, members } = await memberRows(db, range);
  return {
    region_id: range.regionId,
    settlement_asset: asset,
    from: params.from === undefined ? null : wireTime(range.from),
    to: wireTime(range.to),
    window_count: windowCount,
    members: members.map((m) => ({
      central_bank_id: m.central_bank_id,
      central_bank_code: m.central_bank_code,
      country: m.country,
      sent: wireAmount(m.sent, asset),
      received: wireAmount(m.received, asset),
      net_debit_total: wireAmount(m.net_debit_total, asset),
      net_debit_max: wireAmount(m.net_debit_max, asset),
      // Over every settled window of the range, those it owed nothing in included.
      net_debit_average: wireAmount(
        windowCount === 0 ? new Decimal(0) : roundToCurrency(new Decimal(m.net_debit_total).div(windowCount), asset),
        asset,
      ),
      debtor_windows: m.debtor_windows,
    })),
  };
}

export class GetStatisticsReportQuery extends Query<string> {
  constructor(
    readonly principal: Principal,
    readonly params: StatisticsParams,
  ) {
    super();
  }
}

/** The HTML report: the same three statistics (corridors by month), drawn for people. */
@QueryHandler(GetStatisticsReportQuery)
export class GetStatisticsReportHandler implements IQueryHandler<GetStatisticsReportQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: GetStatisticsReportQuery): Promise<string> {
    const { region, range } = await regionInScope(this.db, principal, params);
    const asset = region.settlementAsset;
    const [corridors, windows, members] = await Promise.all([
      corridorStatistics(this.db, asset, range, { ...params, period: 'month' }),
      windowStatistics(this.db, asset, range, { limit: MAX_WINDOWS_CHARTED }),
      memberStatistics(this.db, asset, range, params),
    ]);
    return renderStatisticsHtml({ regionName: region.name, corridors, windows: windows.reverse(), members, generatedAt: new Date() });
  }
}
