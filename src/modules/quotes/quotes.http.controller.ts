import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Schemas } from '../../adapters/http/openapi-document';
import { ValidatedBody } from '../../adapters/http/validated-body.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { CreateQuoteCommand } from './commands/create-quote/create-quote.command';
import { GetQuoteQuery } from './queries/get-quote.query';

@Controller('v1/quotes')
export class QuotesHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  create(@CurrentPrincipal() principal: Principal, @ValidatedBody('QuoteRequest') body: Schemas['QuoteRequest']) {
    return this.commands.execute(new CreateQuoteCommand(principal, body));
  }

  @Get(':quote_id')
  get(@CurrentPrincipal() principal: Principal, @Param('quote_id') quoteId: string) {
    return this.queries.execute(new GetQuoteQuery(principal, quoteId));
  }
}
