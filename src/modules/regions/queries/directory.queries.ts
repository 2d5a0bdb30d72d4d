import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Page, pageOf } from '../../../adapters/http/pagination';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { canSeeRegion, notFound, regionFilter } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import {
  fxProvidersInOrder,
  presentCentralBank,
  presentFxRate,
  presentMerchant,
  presentParticipant,
  presentRegion,
} from '../region.presenter';

/**
 * The region directory: regions, their central banks, participants, merchants and FX rates. Central banks
 * and participants are visible to every key of the region (a merchant needs the payer's participant id
 * to quote); merchants only to the operator, the merchant itself and the banks above it.
 */
export interface ListParams {
  limit: number;
  startingAfter?: string;
  regionId?: string;
}

/** Newest first; ids are time-ordered, so `starting_after` is "ids below this one". One extra row tells `has_more`. */
const page = (p: ListParams) => ({ orderBy: { id: 'desc' as const }, take: p.limit + 1 });
const idBefore = (p: ListParams) => (p.startingAfter ? { id: { lt: p.startingAfter } } : {});

export class ListRegionsQuery extends Query<Page<Schemas['Region']>> {
  constructor(
    readonly principal: Principal,
    readonly params: ListParams,
  ) {
    super();
  }
}

@QueryHandler(ListRegionsQuery)
export class ListRegionsHandler implements IQueryHandler<ListRegionsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: ListRegionsQuery) {
    const rows = await this.db.region.findMany({
      where: { ...(principal.regionId ? { id: principal.regionId } : {}), ...idBefore(params) },
      include: { fxProviders: fxProvidersInOrder },
      ...page(params),
    });
    return pageOf(
      rows.map((region) => presentRegion(region, region.fxProviders)),
      params.limit,
    );
  }
}

export class GetRegionQuery extends Query<Schemas['Region']> {
  constructor(
    readonly principal: Principal,
    readonly regionId: string,
  ) {
    super();
  }
}

@QueryHandler(GetRegionQuery)
export class GetRegionHandler implements IQueryHandler<GetRegionQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, regionId }: GetRegionQuery) {
    const region = await this.db.region.findUnique({ where: { id: regionId }, include: { fxProviders: fxProvidersInOrder } });
    if (!region || !canSeeRegion(principal, region.id)) throw notFound('region', regionId);
    return presentRegion(region, region.fxProviders);
  }
}

export class ListCentralBanksQuery extends Query<Page<Schemas['CentralBank']>> {
  constructor(
    readonly principal: Principal,
    readonly params: ListParams,
  ) {
    super();
  }
}

@QueryHandler(ListCentralBanksQuery)
export class ListCentralBanksHandler implements IQueryHandler<ListCentralBanksQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: ListCentralBanksQuery) {
    const rows = await this.db.centralBank.findMany({
      where: { ...regionFilter(principal, params.regionId), ...idBefore(params) },
      include: { region: { select: { settlementAsset: true } } },
      ...page(params),
    });
    return pageOf(
      rows.map((b) => presentCentralBank(b, b.region.settlementAsset)),
      params.limit,
    );
  }
}

export class GetCentralBankQuery extends Query<Schemas['CentralBank']> {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
  ) {
    super();
  }
}

@QueryHandler(GetCentralBankQuery)
export class GetCentralBankHandler implements IQueryHandler<GetCentralBankQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, centralBankId }: GetCentralBankQuery) {
    const bank = await this.db.centralBank.findFirst({
      where: { id: centralBankId, ...regionFilter(principal) },
      include: { region: { select: { settlementAsset: true } } },
    });
    if (!bank) throw notFound('central bank', centralBankId);
    return presentCentralBank(bank, bank.region.settlementAsset);
  }
}

export class ListParticipantsQuery extends Query<Page<Schemas['Participant']>> {
  constructor(
    readonly principal: Principal,
    readonly params: ListParams & { centralBankId?: string },
  ) {
    super();
  }
}

@QueryHandler(ListParticipantsQuery)
export class ListParticipantsHandler implements IQueryHandler<ListParticipantsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: ListParticipantsQuery) {
    const rows = await this.db.participant.findMany({
      where: {
        ...regionFilter(principal, params.regionId),
        ...(params.centralBankId ? { centralBankId: params.centralBankId } : {}),
        ...idBefore(params),
      },
      include: { centralBank: { select: { currency: true } } },
      ...page(params),
    });
    return pageOf(
      rows.map((p) => presentParticipant(p, p.centralBank.currency)),
      params.limit,
    );
  }
}

export class GetParticipantQuery extends Query<Schemas['Participant']> {
  constructor(
    readonly principal: Principal,
    readonly participantId: string,
  ) {
    super();
  }
}

@QueryHandler(GetParticipantQuery)
export class GetParticipantHandler implements IQueryHandler<GetParticipantQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, participantId }: GetParticipantQuery) {
    const participant = await this.db.participant.findFirst({
      where: { id: participantId, ...regionFilter(principal) },
      include: { centralBank: { select: { currency: true } } },
    });
    if (!participant) throw notFound('participant', participantId);
    return presentParticipant(participant, participant.centralBank.currency);
  }
}

/** Which merchants a key may see. */
function merchantScope(principal: Principal) {
  switch (principal.role) {
    case 'operator':
      return regionFilter(principal);
    case 'central_bank':
      return { regionId: principal.regionId!, participant: { centralBankId: principal.subjectId! } };
    case 'participant':
      return { regionId: principal.regionId!, participantId: principal.subjectId! };
    case 'merchant':
      return { regionId: principal.regionId!, id: principal.subjectId! };
  }
}

export class ListMerchantsQuery extends Query<Page<Schemas['Merchant']>> {
  constructor(
    readonly principal: Principal,
    readonly params: ListParams & { participantId?: string },
  ) {
    super();
  }
}

@QueryHandler(ListMerchantsQuery)
export class ListMerchantsHandler implements IQueryHandler<ListMerchantsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: ListMerchantsQuery) {
    const rows = await this.db.merchant.findMany({
      where: {
        AND: [
          merchantScope(principal),
          regionFilter(principal, params.regionId),
          params.participantId ? { participantId: params.participantId } : {},
          idBefore(params),
        ],
      },
      include: { participant: { select: { centralBankId: true, centralBank: { select: { currency: true } } } } },
      ...page(params),
    });
    return pageOf(
      rows.map((m) => presentMerchant(m, m.participant.centralBankId, m.participant.centralBank.currency)),
      params.limit,
    );
  }
}

export class GetMerchantQuery extends Query<Schemas['Merchant']> {
  constructor(
    readonly principal: Principal,
    readonly merchantId: string,
  ) {
    super();
  }
}

@QueryHandler(GetMerchantQuery)
export class GetMerchantHandler implements IQueryHandler<GetMerchantQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, merchantId }: GetMerchantQuery) {
    const merchant = await this.db.merchant.findFirst({
      where: { AND: [{ id: merchantId }, merchantScope(principal)] },
      include: { participant: { select: { centralBankId: true, centralBank: { select: { currency: true } } } } },
    });
    if (!merchant) throw notFound('merchant', merchantId);
    return presentMerchant(merchant, merchant.participant.centralBankId, merchant.participant.centralBank.currency);
  }
}

export class ListFxRatesQuery extends Query<Page<Schemas['FxRate']>> {
  constructor(
    readonly principal: Principal,
    readonly params: { regionId?: string },
  ) {
    super();
  }
}

@QueryHandler(ListFxRatesQuery)
export class ListFxRatesHandler implements IQueryHandler<ListFxRatesQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, params }: ListFxRatesQuery) {
    const rows = await this.db.fxRate.findMany({
      where: regionFilter(principal, params.regionId),
      include: { region: { select: { settlementAsset: true } } },
      orderBy: [{ regionId: 'asc' }, { currency: 'asc' }],
    });
    return { data: rows.map((r) => presentFxRate(r, r.region.settlementAsset)), has_more: false, next_cursor: null };
  }
}
