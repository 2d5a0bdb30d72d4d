import { createHash } from 'node:crypto';
import { DomainError } from '../errors';
import { formatAmount } from '../money/amount';
import { currencyScale } from '../money/currency';
import { Decimal } from '../money/decimal';

/** Signed: + raises the holder's balance; each entry sums to zero per currency. */
export interface Posting {
  account: string;
  currency: string;
  amount: Decimal;
}

export interface JournalEntryDraft {
  id: string;
  kind: string;
  description: string;
  reference: string | null;
  regionId: string | null;
  occurredAt: Date;
  postings: readonly Posting[];
}

export interface JournalEntry extends JournalEntryDraft {
  sequence: bigint;
  previousHash: string;
  hash: string;
}

/** The `previousHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The double-entry rule: at least one posting, no zero lines, amounts within their currency's scale,
 * and the postings of each currency summing to zero.
 */
export function assertBalanced(postings: readonly Posting[]): void {
  if (!Array.isArray(postings) || postings.length === 0) {
    throw new DomainError('empty_entry', 'a journal entry needs at least one posting', 'postings');
  }
  const totals = new Map<string, Decimal>();
  postings.forEach(({ account, currency, amount }, index) => {
    const field = `postings[${index}]`;
    if (typeof account !== 'string' || account.length === 0) {
      throw new DomainError('invalid_posting', 'a posting needs an account', `${field}.account`);
    }
    const scale = currencyScale(currency, `${field}.currency`);
    if (!Decimal.isDecimal(amount) || !amount.isFinite()) {
      throw new DomainError('invalid_posting', 'a posting amount must be a finite decimal', `${field}.amount`);
    }
    if (amount.isZero()) {
      throw new DomainError('zero_amount_posting', `posting to ${account} moves nothing`, `${field}.amount`);
    }
    if (amount.decimalPlaces() > scale) {
      throw new DomainError(
        'amount_precision_exceeded',
        `posting to ${account}: ${currency} amounts have at most ${scale} decimal places`,
        `${field}.amount`,
      );
    }
    totals.set(currency, (totals.get(currency) ?? new Decimal(0)).plus(amount));
  });
  for (const [currency, total] of totals) {
    if (!total.isZero()) {
      throw new DomainError(
        'unbalanced_entry',
        `postings in ${currency} sum to ${formatAmount(total, currency)} instead of zero`,
        'postings',
      );
    }
  }
}

/**
 * The exact text that is hashed. Fixed key order, bigint and date as strings, amounts in their wire
 * form (so 10.5 and 10.50 hash alike), postings in the given order. Changing this breaks every stored
 * chain: treat it as a file format.
 */
export function canonicalEntryPayload(entry: JournalEntryDraft & { sequence: bigint; previousHash: string }): string {
  if (!(entry.occurredAt instanceof Date) || Number.isNaN(entry.occurredAt.getTime())) {
    throw new DomainError('invalid_entry', `entry ${entry.id} has no valid occurrence time`, 'occurredAt');
  }
  return JSON.stringify({
    sequence: entry.sequence.toString(),
    previousHash: entry.previousHash,
    id: entry.id,
    kind: entry.kind,
    description: entry.description,
    reference: entry.reference,
    regionId: entry.regionId,
    occurredAt: entry.occurredAt.toISOString(),
    postings: entry.postings.map(({ account, currency, amount }) => ({
      account,
      currency,
      amount: formatAmount(amount, currency),
    })),
  });
}

/** sha256 (hex) of the previous hash followed by the canonical payload. */
export function entryHash(entry: JournalEntryDraft & { sequence: bigint; previousHash: string }): string {
  return createHash('sha256').update(entry.previousHash).update(canonicalEntryPayload(entry)).digest('hex');
}

/** Links a balanced draft after `previous` (or first in the journal) and seals it with its hash. */
export function chainEntry(draft: JournalEntryDraft, previous: { sequence: bigint; hash: string } | null): JournalEntry {
  assertBalanced(draft.postings);
  const linked = {
    ...draft,
    // A copy, so a caller reusing its draft cannot change a sealed entry behind the hash.
    postings: draft.postings.map(({ account, currency, amount }) => ({ account, currency, amount })),
    sequence: previous ? previous.sequence + 1n : 1n,
    previousHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...linked, hash: entryHash(linked) };
}
