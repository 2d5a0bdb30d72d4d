import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { LiquidityModule } from '../liquidity/liquidity.module';
import { CloseWindowHandler } from './commands/close-window/close-window.handler';
import { ScheduleRegionCycle, SettlementJobs } from './jobs/settlement-jobs';
import { GetWindowHandler, GetWindowPositionsHandler, ListWindowsHandler } from './queries/windows.queries';
import { SettlementHttpController } from './settlement.http.controller';
import { ObligationRecorder } from './obligation-recorder';
import { WindowOpener } from './window-opener';
import { SettlementCrashHook } from './settlement-crash-hook';

/** Settlement windows: obligations in, multilateral net positions and ledger postings out. */
@Module({
  imports: [LedgerModule, LiquidityModule],
  controllers: [SettlementHttpController],
  providers: [
    WindowOpener,
    ObligationRecorder,
    CloseWindowHandler,
    SettlementCrashHook,
    ListWindowsHandler,
    GetWindowHandler,
    GetWindowPositionsHandler,
    SettlementJobs,
    ScheduleRegionCycle,
  ],
  exports: [WindowOpener, ObligationRecorder],
})
export class SettlementModule {}
