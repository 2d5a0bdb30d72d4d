import { Module } from '@nestjs/common';
import { CreateQuoteHandler } from './commands/create-quote/create-quote.handler';
import { GetQuoteHandler } from './queries/get-quote.query';
import { QuotePricer } from './quote-pricer';
import { QuotesHttpController } from './quotes.http.controller';

/** Quotes: a payment priced with FX, spread and fee, held until it expires. */
@Module({
  controllers: [QuotesHttpController],
  providers: [QuotePricer, CreateQuoteHandler, GetQuoteHandler],
  exports: [QuotePricer],
})
export class QuotesModule {}
