import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { notFound, regionFilter } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { presentQuote } from '../quote.presenter';

export class GetQuoteQuery extends Query<Schemas['Quote']> {
  constructor(
    readonly principal: Principal,
    readonly quoteId: string,
  ) {
    super();
  }
}

@QueryHandler(GetQuoteQuery)
export class GetQuoteHandler implements IQueryHandler<GetQuoteQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, quoteId }: GetQuoteQuery) {
    const quote = await this.db.quote.findFirst({
      where: {
        id: quoteId,
        ...regionFilter(principal),
        ...(principal.role === 'merchant' ? { merchantId: principal.subjectId! } : {}),
        ...(principal.role === 'participant' ? { payerParticipantId: principal.subjectId! } : {}),
      },
    });
    if (!quote) throw notFound('quote', quoteId);
    return presentQuote(quote);
  }
}
