import { Injectable } from '@nestjs/common';
import { chainEntry, type JournalEntry, type JournalEntryDraft } from '../../core/ledger';
import { formatAmount } from '../../core/money';
import type { Tx } from '../shared/persistence';

/** Advisory-lock key that serialises appends to the one hash chain (any constant unique to the journal). */
const JOURNAL_LOCK_KEY = 42_0001;

/**
 * Appends entries to the hash-chained journal inside the caller's transaction, so an entry exists if and
 * only if the state change it records was committed. Appends are serialised by a transaction-scoped
 * advisory lock: each entry's hash covers the previous entry's hash.
 */
@Injectable()
export class JournalWriter {
  async append(tx: Tx, drafts: readonly JournalEntryDraft[]): Promise<JournalEntry[]> {
    if (drafts.length === 0) return [];
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${JOURNAL_LOCK_KEY})`;
    const last = await tx.journalEntry.findFirst({ orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
    let previous = last ? { sequence: last.sequence, hash: last.hash } : null;
    const written: JournalEntry[] = [];
    for (const draft of drafts) {
      const entry = chainEntry(draft, previous);
      await tx.journalEntry.create({
        data: {
          sequence: entry.sequence,
          id: entry.id,
          regionId: entry.regionId,
          kind: entry.kind,
          description: entry.description,
          reference: entry.reference,
          occurredAt: entry.occurredAt,
          previousHash: entry.previousHash,
          hash: entry.hash,
          postings: {
            create: entry.postings.map((posting, line) => ({
              line,
              account: posting.account,
              currency: posting.currency,
              amount: formatAmount(posting.amount, posting.currency),
            })),
          },
        },
      });
      written.push(entry);
      previous = { sequence: entry.sequence, hash: entry.hash };
    }
    return written;
  }
}
