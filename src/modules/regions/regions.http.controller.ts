import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Schemas } from '../../adapters/http/openapi-document';
import { ValidatedBody } from '../../adapters/http/validated-body.pipe';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { requirePlatformOperator, requireRole } from '../access/access-policy';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { ChangeSettlementModelCommand } from './commands/change-settlement-model/change-settlement-model.command';
import { LoadRegionCommand } from './commands/load-region/load-region.command';
import { ListSettlementModelChangesQuery } from './queries/settlement-model-history.queries';
import { pageParams } from '../../adapters/http/pagination';
import {
  GetCentralBankQuery,
  GetMerchantQuery,
  GetParticipantQuery,
  GetRegionQuery,
  ListCentralBanksQuery,
  ListFxRatesQuery,
  ListMerchantsQuery,
  ListParticipantsQuery,
  ListRegionsQuery,
} from './queries/directory.queries';

@Controller('v1')
export class RegionsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('regions')
  @HttpCode(201)
  async loadRegion(@CurrentPrincipal() principal: Principal, @ValidatedBody('RegionDefinition') body: Schemas['RegionDefinition']) {
    requirePlatformOperator(principal);
    return this.commands.execute(new LoadRegionCommand(body));
  }

  @Get('regions')
  listRegions(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listRegions') query: QueryOf<'listRegions'>) {
    return this.queries.execute(new ListRegionsQuery(principal, pageParams(query)));
  }

  @Get('regions/:region_id')
  getRegion(@CurrentPrincipal() principal: Principal, @Param('region_id') regionId: string) {
    return this.queries.execute(new GetRegionQuery(principal, regionId));
  }

  /** Between windows: the open window keeps its model, the next one takes the new one. */
  @Patch('regions/:region_id/settlement-model')
  changeSettlementModel(
    @CurrentPrincipal() principal: Principal,
    @Param('region_id') regionId: string,
    @ValidatedBody('SettlementModelChangeRequest') body: Schemas['SettlementModelChangeRequest'],
  ) {
    requireRole(principal, 'operator');
    return this.commands.execute(new ChangeSettlementModelCommand(principal, regionId, body));
  }

  @Get('regions/:region_id/settlement-model/history')
  listSettlementModelChanges(
    @CurrentPrincipal() principal: Principal,
    @Param('region_id') regionId: string,
    @ValidatedQuery('listSettlementModelChanges') query: QueryOf<'listSettlementModelChanges'>,
  ) {
    requireRole(principal, 'operator', 'central_bank');
    return this.queries.execute(new ListSettlementModelChangesQuery(principal, regionId, pageParams(query)));
  }

  @Get('central-banks')
  listCentralBanks(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listCentralBanks') query: QueryOf<'listCentralBanks'>) {
    return this.queries.execute(new ListCentralBanksQuery(principal, { ...pageParams(query), regionId: query.region_id }));
  }

  @Get('central-banks/:central_bank_id')
  getCentralBank(@CurrentPrincipal() principal: Principal, @Param('central_bank_id') id: string) {
    return this.queries.execute(new GetCentralBankQuery(principal, id));
  }

  @Get('participants')
  listParticipants(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listParticipants') query: QueryOf<'listParticipants'>) {
    return this.queries.execute(
      new ListParticipantsQuery(principal, { ...pageParams(query), regionId: query.region_id, centralBankId: query.central_bank_id }),
    );
  }

  @Get('participants/:participant_id')
  getParticipant(@CurrentPrincipal() principal: Principal, @Param('participant_id') id: string) {
    return this.queries.execute(new GetParticipantQuery(principal, id));
  }

  @Get('merchants')
  listMerchants(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listMerchants') query: QueryOf<'listMerchants'>) {
    return this.queries.execute(
      new ListMerchantsQuery(principal, { ...pageParams(query), regionId: query.region_id, participantId: query.participant_id }),
    );
  }

  @Get('merchants/:merchant_id')
  getMerchant(@CurrentPrincipal() principal: Principal, @Param('merchant_id') id: string) {
    return this.queries.execute(new GetMerchantQuery(principal, id));
  }

  @Get('fx-rates')
  listFxRates(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listFxRates') query: QueryOf<'listFxRates'>) {
    return this.queries.execute(new ListFxRatesQuery(principal, { regionId: query.region_id }));
  }
}
