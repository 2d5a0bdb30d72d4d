import { Module } from '@nestjs/common';
import { Iso20022HttpController } from './iso20022.http.controller';
import { ExportPaymentMessageHandler } from './queries/export-payment-message.query';
import { ExportWindowMessageHandler } from './queries/export-window-message.query';

/** ISO 20022 exports: pacs.008 and pacs.002 per payment, pacs.009 and camt.053 per central bank and window. */
@Module({
  controllers: [Iso20022HttpController],
  providers: [ExportPaymentMessageHandler, ExportWindowMessageHandler],
})
export class Iso20022Module {}
