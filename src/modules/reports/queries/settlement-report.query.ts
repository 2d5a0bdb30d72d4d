import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { ProblemError } from '../../../adapters/http/problem';
import { Decimal, roundToScale } from '../../../core/money';
import { liquidityUsed, settlementInstruction } from '../../../core/settlement';
import { notFound, regionFilter } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { positionVisibility } from '../../settlement/position-access';
import { presentSettlementModel } from '../../regions/settlement-model';
import { RATIO_SCALE } from '../../settlement/window.presenter';
import { type Db, PRISMA } from '../../shared/persistence';
import { toDecimal, wireAmount, wireDecimal, wireTime } from '../../shared/wire-format';

export class GetSettlementReportQuery extends Query<Schemas['SettlementReport']> {
  constructor(
    readonly principal: Principal,
    readonly windowId: string,
  ) {
    super();
  }
}

/** Gross, bilateral net and count of one tier and currency, summed by the database. */
interface TierTotalsRow {
  tier: 'regional' | 'domestic';
  currency: string;
  gross: string;
  bilateral_net: string;
  obligation_count: number;
}

/**
 * The settlement report of a closed window. Totals come from the database in a few grouped queries
 * (never every obligation into Node); parties are the stored net positions, filtered by who may see
 * them exactly as the positions endpoint does.
 */
@QueryHandler(GetSettlementReportQuery)
export class GetSettlementReportHandler implements IQueryHandler<GetSettlementReportQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, windowId }: GetSettlementReportQuery): Promise<Schemas['SettlementReport']> {
    const window = await this.db.settlementWindow.findFirst({
      where: { id: windowId, ...regionFilter(principal) },
      include: { region: true },
    });
    if (!window) throw notFound('settlement window', windowId);
    if (window.status === 'open' || window.status === 'closing') {
      throw new ProblemError(
        409,
        'window_not_closed',
        `Window ${window.number} is ${window.status}: its report exists once it has closed.`,
      );
    }
    const asset = window.region.settlementAsset;
    const excluded = [...window.unwoundReferences, ...window.carriedOverReferences];
    const [positions, banks, participants, totals, payments, refunds, excludedValues] = await Promise.all([
      this.db.netPosition.findMany({ where: { windowId }, orderBy: [{ tier: 'asc' }, { currency: 'asc' }, { partyId: 'asc' }] }),
      this.db.centralBank.findMany({ where: { regionId: window.regionId }, select: { id: true, code: true, currency: true } }),
      this.db.participant.findMany({ where: { regionId: window.regionId }, select: { id: true, code: true, centralBankId: true } }),
      this.db.$queryRaw<TierTotalsRow[]>`
        SELECT tier::text AS tier, currency, SUM(owed)::text AS gross, SUM(ABS(net))::text AS bilateral_net, SUM(n)::int AS obligation_count
        FROM (
          SELECT tier, currency,
                 SUM(amount) AS owed,
                 SUM(CASE WHEN debtor_id < creditor_id THEN amount ELSE -amount END) AS net,
                 COUNT(*) AS n
          FROM obligations
          WHERE window_id = ${windowId} AND status <> 'unwound'
          GROUP BY tier, currency, LEAST(debtor_id, creditor_id), GREATEST(debtor_id, creditor_id)
        ) pairs
        GROUP BY tier, currency`,
      this.db.payment.aggregate({
        where: { windowId, status: { in: ['captured', 'settled'] } },
        _count: { _all: true },
        _sum: { settlementAmount: true },
      }),
      this.db.refund.aggregate({
        where: { windowId, status: { in: ['pending', 'settled'] } },
        _count: { _all: true },
        _sum: { settlementAmount: true },
      }),
      excluded.length === 0
        ? Promise.resolve([])
        : this.db.obligation.groupBy({
            by: ['reference'],
            where: { reference: { in: excluded }, tier: 'regional' },
            _sum: { amount: true },
          }),
    ]);

    const bankById = new Map(banks.map((b) => [b.id, b]));
    const participantById = new Map(participants.map((p) => [p.id, p]));
    const visible = positionVisibility(principal, participantById);
    const totalsOf = (tier: 'regional' | 'domestic', currency: string) => totals.find((t) => t.tier === tier && t.currency === currency);

    const tier = (kind: 'regional' | 'domestic', currency: string, centralBankId: string | null): Schemas['ReportTier'] => {
      const rows = positions.filter((p) => p.tier === kind && p.currency === currency);
      const t = totalsOf(kind, currency);
      const gross = new Decimal(t?.gross ?? 0);
      const bilateral = new Decimal(t?.bilateral_net ?? 0);
      const multilateral = liquidityUsed(rows.map((p) => toDecimal(p.net)));
      return {
        tier: kind,
        currency,
        central_bank_id: centralBankId,
        gross: wireAmount(gross, currency),
        bilateral_net: wireAmount(bilateral, currency),
        multilateral_net: wireAmount(multilateral, currency),
        netting_efficiency: efficiency(multilateral, gross),
        bilateral_efficiency: efficiency(bilateral, gross),
        // Σ max(0, −N_i): what the net debtors pay in. Equal to M at the end of a netted window.
        liquidity_used: wireAmount(multilateral, currency),
        obligation_count: t?.obligation_count ?? 0,
        parties: rows
          .filter((p) => visible(p.partyId))
          .map((p) => {
            const net = toDecimal(p.net);
            const instruction = settlementInstruction(net);
            const participant = participantById.get(p.partyId);
            return {
              party_kind: p.partyKind,
              party_id: p.partyId,
              party_code: (participant ?? bankById.get(p.partyId))?.code ?? p.partyId,
              central_bank_id: participant?.centralBankId ?? p.partyId,
              currency: p.currency,
              sent: wireAmount(p.sent, p.currency),
              received: wireAmount(p.received, p.currency),
              net: wireAmount(net, p.currency),
              instruction: instruction.direction,
              instruction_amount: wireAmount(instruction.amount, p.currency),
            };
          }),
      };
    };

    const domesticCurrencies = [...new Set(positions.filter((p) => p.tier === 'domestic').map((p) => p.currency))].sort();
    const exclusions = (references: string[]): Schemas['ReportExclusions'] => {
      const value = excludedValues
        .filter((row) => references.includes(row.reference))
        .reduce((sum, row) => sum.plus(toDecimal(row._sum.amount ?? 0)), new Decimal(0));
      return { count: references.length, value: wireAmount(value, asset), references };
    };
    return {
      window_id: window.id,
      region_id: window.regionId,
      window_number: window.number,
      status: window.status,
      settlement_rule: window.settlementRule,
      // The model the window ran under (stored when it opened), not the region's latest.
      shortfall_policy: ((window.settlementModel as Schemas['SettlementModel'] | null) ?? presentSettlementModel(window.region))
        .shortfall_policy,
      settlement_asset: asset,
      opened_at: wireTime(window.openedAt),
      closed_at: wireTime(window.closedAt ?? window.openedAt),
      settled_at: wireTime(window.settledAt),
      payments: { count: payments._count._all, value: wireAmount(payments._sum.settlementAmount ?? 0, asset) },
      refunds: { count: refunds._count._all, value: wireAmount(refunds._sum.settlementAmount ?? 0, asset) },
      regional: tier('regional', asset, null),
      domestic: domesticCurrencies.map((currency) => tier('domestic', currency, banks.find((b) => b.currency === currency)?.id ?? null)),
      unwound: exclusions(window.unwoundReferences),
      carried_over: exclusions(window.carriedOverReferences),
      fault_effects: window.faultEffects as unknown as Schemas['FaultEffect'][],
    };
  }
}

function efficiency(net: Decimal, gross: Decimal): string {
  return wireDecimal(gross.isZero() ? new Decimal(0) : roundToScale(new Decimal(1).minus(net.div(gross)), RATIO_SCALE));
}
