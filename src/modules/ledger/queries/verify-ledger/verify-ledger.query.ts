import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { JournalVerifier, type JournalVerification } from '../../../../core/ledger';
import { Decimal } from '../../../../core/money';
import type { JournalEntry as JournalEntryRow, Posting } from '../../../../generated/prisma/client';
import { type Db, PRISMA } from '../../../shared/persistence';

/** Recomputes the whole hash chain and the per-currency balances from what is stored. */
export class VerifyLedgerQuery extends Query<JournalVerification> {}

const PAGE_SIZE = 1000;

type JournalPage = (JournalEntryRow & { postings: Posting[] })[];

@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery, JournalVerification> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute(): Promise<JournalVerification> {
    const verifier = new JournalVerifier();
    let after: bigint | null = null;
    for (;;) {
      const page: JournalPage = await this.db.journalEntry.findMany({
        where: after === null ? {} : { sequence: { gt: after } },
        orderBy: { sequence: 'asc' },
        take: PAGE_SIZE,
        include: { postings: { orderBy: { line: 'asc' } } },
      });
      for (const row of page) {
        verifier.add({
          sequence: row.sequence,
          id: row.id,
          kind: row.kind,
          description: row.description,
          reference: row.reference,
          regionId: row.regionId,
          occurredAt: row.occurredAt,
          previousHash: row.previousHash,
          hash: row.hash,
          postings: row.postings.map((p) => ({ account: p.account, currency: p.currency, amount: new Decimal(p.amount.toString()) })),
        });
      }
      if (page.length < PAGE_SIZE) break;
      after = page[page.length - 1]!.sequence;
    }
    return verifier.result();
  }
}
