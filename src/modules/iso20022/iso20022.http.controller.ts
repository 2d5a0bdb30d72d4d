import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ProblemError } from '../../adapters/http/problem';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { ExportPaymentMessageQuery } from './queries/export-payment-message.query';
import { ExportWindowMessageQuery } from './queries/export-window-message.query';

/** ISO 20022 exports of payments and settled windows, as the XML central banks' systems read. */
@Controller('v1')
export class Iso20022HttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('payments/:payment_id/pacs.008')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  pacs008(@CurrentPrincipal() principal: Principal, @Param('payment_id') paymentId: string) {
    return this.queries.execute(new ExportPaymentMessageQuery(principal, paymentId, 'pacs.008'));
  }

  @Get('payments/:payment_id/pacs.002')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  pacs002(@CurrentPrincipal() principal: Principal, @Param('payment_id') paymentId: string) {
    return this.queries.execute(new ExportPaymentMessageQuery(principal, paymentId, 'pacs.002'));
  }

  @Get('settlement-windows/:window_id/pacs.009')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  pacs009(
    @CurrentPrincipal() principal: Principal,
    @Param('window_id') windowId: string,
    @Query('central_bank_id') centralBankId?: string,
  ) {
    return this.queries.execute(new ExportWindowMessageQuery(principal, windowId, requiredBank(centralBankId), 'pacs.009'));
  }

  @Get('settlement-windows/:window_id/camt.053')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  camt053(
    @CurrentPrincipal() principal: Principal,
    @Param('window_id') windowId: string,
    @Query('central_bank_id') centralBankId?: string,
  ) {
    return this.queries.execute(new ExportWindowMessageQuery(principal, windowId, requiredBank(centralBankId), 'camt.053'));
  }
}

function requiredBank(centralBankId: string | undefined): string {
  if (!centralBankId) {
    throw ProblemError.validationFailed('Name the central bank whose message you want.', [
      { field: 'central_bank_id', reason: 'is required', code: 'missing_field' },
    ]);
  }
  return centralBankId;
}
