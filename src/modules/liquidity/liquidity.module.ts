import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PledgeCollateralHandler, ReleaseCollateralHandler } from './commands/collateral.commands';
import { ClearFaultHandler, InjectFaultHandler } from './commands/fault.commands';
import { ReserveFundingHandler, SettleFundingHandler } from './commands/funding.commands';
import { SetHeadroomAlertHandler, SetNetDebitCapHandler } from './commands/net-debit-cap.commands';
import { FundingPoster } from './funding-poster';
import { LiquidityGuard } from './liquidity-guard';
import { LiquidityReader } from './liquidity-reader';
import { LiquidityHttpController } from './liquidity.http.controller';
import {
  GetFundingHandler,
  GetLiquidityHandler,
  ListCapChangesHandler,
  ListCollateralHandler,
  ListFaultsHandler,
  ListFundingsHandler,
} from './queries/liquidity.queries';
import { SettlementLiquidity } from './settlement-liquidity';

/**
 * Central banks' liquidity. Settlement imports it (the capture guard, the close's balances and faults);
 * it imports nothing of settlement's, so the two do not depend on each other in a circle.
 */
@Module({
  imports: [IdempotencyModule, LedgerModule],
  controllers: [LiquidityHttpController],
  providers: [
    LiquidityReader,
    FundingPoster,
    LiquidityGuard,
    SettlementLiquidity,
    ReserveFundingHandler,
    SettleFundingHandler,
    PledgeCollateralHandler,
    ReleaseCollateralHandler,
    SetNetDebitCapHandler,
    SetHeadroomAlertHandler,
    InjectFaultHandler,
    ClearFaultHandler,
    GetLiquidityHandler,
    ListFundingsHandler,
    GetFundingHandler,
    ListCollateralHandler,
    ListCapChangesHandler,
    ListFaultsHandler,
  ],
  exports: [LiquidityGuard, SettlementLiquidity, LiquidityReader],
})
export class LiquidityModule {}
