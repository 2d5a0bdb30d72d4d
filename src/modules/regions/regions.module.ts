import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { SettlementModule } from '../settlement/settlement.module';
import { ChangeSettlementModelHandler } from './commands/change-settlement-model/change-settlement-model.handler';
import { LoadRegionHandler } from './commands/load-region/load-region.handler';
import { ListSettlementModelChangesHandler } from './queries/settlement-model-history.queries';
import {
  GetCentralBankHandler,
  GetMerchantHandler,
  GetParticipantHandler,
  GetRegionHandler,
  ListCentralBanksHandler,
  ListFxRatesHandler,
  ListMerchantsHandler,
  ListParticipantsHandler,
  ListRegionsHandler,
} from './queries/directory.queries';
import { RegionsHttpController } from './regions.http.controller';

/** Regions and their directory: central banks, participants, merchants, FX reference rates. */
@Module({
  imports: [LedgerModule, SettlementModule],
  controllers: [RegionsHttpController],
  providers: [
    LoadRegionHandler,
    ChangeSettlementModelHandler,
    ListSettlementModelChangesHandler,
    ListRegionsHandler,
    GetRegionHandler,
    ListCentralBanksHandler,
    GetCentralBankHandler,
    ListParticipantsHandler,
    GetParticipantHandler,
    ListMerchantsHandler,
    GetMerchantHandler,
    ListFxRatesHandler,
  ],
})
export class RegionsModule {}
