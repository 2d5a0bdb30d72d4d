import { Injectable } from '@nestjs/common';
import { type JournalEntryDraft, fundingAccount, settlementAccount } from '../../core';
import type { Funding } from '../../generated/prisma/client';
import { JournalWriter } from '../ledger/journal.writer';
import type { Tx } from '../shared/persistence';
import { toDecimal } from '../shared/wire-format';

/**
 * Commits a reserved funding in the caller's transaction: one journal entry (a prefund moves value from
 * the central bank's external funding account to its settlement account; a withdrawal the other way)
 * and the matching balance change. The entry id derives from the funding id, so it can never post twice.
 */
@Injectable()
export class FundingPoster {
  constructor(private readonly journal: JournalWriter) {}

  async commit(tx: Tx, funding: Funding, asset: string, now: Date): Promise<Funding> {
    const amount = toDecimal(funding.amount);
    const into = funding.direction === 'prefund';
    const entry: JournalEntryDraft = {
      id: `je_${funding.id}`,
      kind: into ? 'prefunding' : 'withdrawal',
      description: `${into ? 'Prefunding of' : 'Withdrawal from'} the settlement account of ${funding.centralBankId} (${funding.id})`,
      reference: funding.id,
      regionId: funding.regionId,
      occurredAt: now,
      postings: [
        { account: settlementAccount(funding.centralBankId), currency: asset, amount: into ? amount : amount.neg() },
        { account: fundingAccount(funding.centralBankId), currency: asset, amount: into ? amount.neg() : amount },
      ],
    };
    // The journal's lock first, then the bank's row: the order the window close takes them in.
    await this.journal.append(tx, [entry]);
    await tx.centralBank.update({
      where: { id: funding.centralBankId },
      data: { prefundedBalance: into ? { increment: amount.toFixed() } : { decrement: amount.toFixed() } },
    });
    return tx.funding.update({ where: { id: funding.id }, data: { status: 'committed', committedAt: now, journalEntryId: entry.id } });
  }
}
