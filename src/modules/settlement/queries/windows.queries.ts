import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, pageOf } from '../../../adapters/http/pagination';
import { ProblemError } from '../../../adapters/http/problem';
import { roundToScale } from '../../../core/money';
import { nettingMetrics } from '../../../core/netting';
import { RATIO_SCALE } from '../window.presenter';
import type { WindowStatus } from '../../../core/settlement';
import { notFound, regionFilter } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { positionVisibility } from '../position-access';
import { type Db, PRISMA } from '../../shared/persistence';
import { toDecimal, wireAmount, wireDecimal } from '../../shared/wire-format';
import { presentWindow } from '../window.presenter';

export class ListWindowsQuery extends Query<Page<Schemas['SettlementWindow']>> {
  constructor(
    readonly principal: Principal,
    readonly params: { limit: number; startingAfter?: string; regionId?: string; status?: WindowStatus },
  ) {
    super();
  }
}

const withContext = { region: { select: { settlementAsset: true } }, _count: { select: { obligations: true } } } as const;

@QueryHandler(ListWindowsQuery)
export class ListWindowsHandler implements IQueryHandler<ListWindowsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: ListWindowsQuery) {
    const rows = await this.db.settlementWindow.findMany({
      where: {
        ...regionFilter(principal, params.regionId),
        ...(params.status ? { status: params.status } : {}),
        ...(params.startingAfter ? { id: { lt: params.startingAfter } } : {}),
      },
      include: withContext,
      orderBy: { id: 'desc' },
      take: params.limit + 1,
    });
    return pageOf(
      rows.map((w) => presentWindow(w, w.region.settlementAsset, w._count.obligations)),
      params.limit,
    );
  }
}

export class GetWindowQuery extends Query<Schemas['SettlementWindow']> {
  constructor(
    readonly principal: Principal,
    readonly windowId: string,
  ) {
    super();
  }
}

@QueryHandler(GetWindowQuery)
export class GetWindowHandler implements IQueryHandler<GetWindowQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, windowId }: GetWindowQuery) {
    const window = await this.db.settlementWindow.findFirst({ where: { id: windowId, ...regionFilter(principal) }, include: withContext });
    if (!window) throw notFound('settlement window', windowId);
    return presentWindow(window, window.region.settlementAsset, window._count.obligations);
  }
}

export class GetWindowPositionsQuery extends Query<Schemas['WindowPositions']> {
  constructor(
    readonly principal: Principal,
    readonly windowId: string,
  ) {
    super();
  }
}

/**
 * Net positions of a closed window at both tiers. The operator sees every row; a central bank its own
 * regional row and its participants' rows; a participant its own row; metrics are shared by all.
 */
@QueryHandler(GetWindowPositionsQuery)
export class GetWindowPositionsHandler implements IQueryHandler<GetWindowPositionsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, windowId }: GetWindowPositionsQuery): Promise<Schemas['WindowPositions']> {
    const window = await this.db.settlementWindow.findFirst({
      where: { id: windowId, ...regionFilter(principal) },
      include: { region: { select: { settlementAsset: true } } },
    });
    if (!window) throw notFound('settlement window', windowId);
    if (window.status === 'open' || window.status === 'closing') {
      throw new ProblemError(
        409,
        'window_not_closed',
        `Window ${window.number} is ${window.status}: its positions exist once it has closed.`,
      );
    }
    const [positions, banks, participants, obligations] = await Promise.all([
      this.db.netPosition.findMany({ where: { windowId }, orderBy: [{ tier: 'asc' }, { currency: 'asc' }, { partyId: 'asc' }] }),
      this.db.centralBank.findMany({ where: { regionId: window.regionId }, select: { id: true, code: true } }),
      this.db.participant.findMany({ where: { regionId: window.regionId }, select: { id: true, code: true, centralBankId: true } }),
      this.db.obligation.findMany({
        where: { windowId, status: { not: 'unwound' } },
        select: { tier: true, debtorId: true, creditorId: true, currency: true, amount: true },
      }),
    ]);
    const bankCode = new Map(banks.map((b) => [b.id, b.code]));
    const participantById = new Map(participants.map((p) => [p.id, p]));
    const visible = positionVisibility(principal, participantById);
    const shown = positions.filter((p) => visible(p.partyId));
    return {
      window_id: window.id,
      region_id: window.regionId,
      settlement_asset: window.region.settlementAsset,
      status: window.status,
      central_banks: shown
        .filter((p) => p.tier === 'regional')
        .map((p) => ({
          central_bank_id: p.partyId,
          central_bank_code: bankCode.get(p.partyId) ?? p.partyId,
          currency: p.currency,
          sent: wireAmount(p.sent, p.currency),
          received: wireAmount(p.received, p.currency),
          net: wireAmount(p.net, p.currency),
        })),
      participants: shown
        .filter((p) => p.tier === 'domestic' && p.partyKind === 'participant')
        .map((p) => ({
          participant_id: p.partyId,
          participant_code: participantById.get(p.partyId)?.code ?? p.partyId,
          central_bank_id: participantById.get(p.partyId)?.centralBankId ?? '',
          currency: p.currency,
          sent: wireAmount(p.sent, p.currency),
          received: wireAmount(p.received, p.currency),
          net: wireAmount(p.net, p.currency),
        })),
      metrics: windowMetrics(obligations),
    };
  }
}

type ObligationRow = {
  tier: 'regional' | 'domestic';
  debtorId: string;
  creditorId: string;
  currency: string;
  amount: { toString(): string };
};

/** Gross, bilateral and multilateral values per tier and currency, over what the window settles. */
function windowMetrics(obligations: ObligationRow[]): Schemas['WindowPositions']['metrics'] {
  return (['regional', 'domestic'] as const).flatMap((tier) =>
    nettingMetrics(
      obligations
        .filter((o) => o.tier === tier)
        .map((o, i) => ({
          id: String(i),
          reference: String(i),
          debtor: o.debtorId,
          creditor: o.creditorId,
          currency: o.currency,
          amount: toDecimal(o.amount),
        })),
    ).map((m) => ({
      tier,
      currency: m.currency,
      gross: wireAmount(m.gross, m.currency),
      bilateral_net: wireAmount(m.bilateralNet, m.currency),
      multilateral_net: wireAmount(m.multilateralNet, m.currency),
      netting_efficiency: wireDecimal(roundToScale(m.nettingEfficiency, RATIO_SCALE)),
      obligation_count: m.obligationCount,
    })),
  );
}
