import { Module } from '@nestjs/common';
import { GetSettlementReportHandler } from './queries/settlement-report.query';
import {
  GetCorridorStatisticsHandler,
  GetMemberStatisticsHandler,
  GetStatisticsReportHandler,
  ListWindowStatisticsHandler,
} from './queries/statistics.queries';
import { SettlementReportHttpController } from './settlement-report.http.controller';
import { StatisticsHttpController } from './statistics.http.controller';

/** Read-only reports over what settled: a window's settlement report, and the region's statistics. */
@Module({
  controllers: [SettlementReportHttpController, StatisticsHttpController],
  providers: [
    GetSettlementReportHandler,
    GetCorridorStatisticsHandler,
    ListWindowStatisticsHandler,
    GetMemberStatisticsHandler,
    GetStatisticsReportHandler,
  ],
})
export class ReportsModule {}
