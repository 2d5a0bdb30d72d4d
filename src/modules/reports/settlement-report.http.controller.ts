import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { requireRole } from '../access/access-policy';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { GetSettlementReportQuery } from './queries/settlement-report.query';
import { settlementReportCsv } from './settlement-report.csv';

/** A window's settlement report, beside its positions under /v1/settlement-windows. */
@Controller('v1/settlement-windows')
export class SettlementReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':window_id/report')
  report(@CurrentPrincipal() principal: Principal, @Param('window_id') windowId: string) {
    requireRole(principal, 'operator', 'central_bank', 'participant');
    return this.queries.execute(new GetSettlementReportQuery(principal, windowId));
  }

  @Get(':window_id/report.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async reportCsv(@CurrentPrincipal() principal: Principal, @Param('window_id') windowId: string): Promise<string> {
    requireRole(principal, 'operator', 'central_bank', 'participant');
    return settlementReportCsv(await this.queries.execute(new GetSettlementReportQuery(principal, windowId)));
  }
}
