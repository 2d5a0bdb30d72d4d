import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import type { Principal } from '../../../access/principal';

/** Prices a payment for a payer and a merchant, and holds that price until the quote expires. */
export class CreateQuoteCommand extends Command<Schemas['Quote']> {
  constructor(
    readonly principal: Principal,
    readonly request: Schemas['QuoteRequest'],
  ) {
    super();
  }
}
