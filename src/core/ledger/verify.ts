import { DomainError } from '../errors';
import { Decimal } from '../money/decimal';
import { GENESIS_HASH, type JournalEntry, assertBalanced, entryHash } from './journal';

export type JournalDefect = 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'unbalanced';

export interface JournalVerification {
  ok: boolean;
  /** entries examined, up to and including the first invalid one */
  entriesChecked: number;
  /** sequence and hash of the last valid entry (GENESIS_HASH and null before any) */
  lastSequence: bigint | null;
  lastHash: string;
  firstInvalid: { sequence: bigint; entryId: string; reason: JournalDefect } | null;
  /** Σ of all valid postings per currency, by currency — must be 0 */
  balancesByCurrency: { currency: string; total: Decimal }[];
}

/**
 * Replays the journal from its first entry and reports the first entry that breaks the chain. Fed in
 * order, one entry at a time, so a caller can stream pages from the database in constant memory.
 * Checks per entry, in order: the sequence follows on, the link names the previous hash, the hash
 * matches the content (an altered entry), and the postings balance (an entry sealed unbalanced).
 */
export class JournalVerifier {
  private checked = 0;
  private lastSequence: bigint | null = null;
  private lastHash = GENESIS_HASH;
  private firstInvalid: JournalVerification['firstInvalid'] = null;
  private readonly totals = new Map<string, Decimal>();

  add(entry: JournalEntry): void {
    if (this.firstInvalid) return;
    this.checked += 1;
    const defect = this.defectOf(entry);
    if (defect) {
      this.firstInvalid = { sequence: entry.sequence, entryId: entry.id, reason: defect };
      return;
    }
    for (const { currency, amount } of entry.postings) {
      this.totals.set(currency, (this.totals.get(currency) ?? new Decimal(0)).plus(amount));
    }
    this.lastSequence = entry.sequence;
    this.lastHash = entry.hash;
  }

  result(): JournalVerification {
    const balancesByCurrency = [...this.totals.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((currency) => ({ currency, total: this.totals.get(currency)! }));
    return {
      ok: this.firstInvalid === null && balancesByCurrency.every(({ total }) => total.isZero()),
      entriesChecked: this.checked,
      lastSequence: this.lastSequence,
      lastHash: this.lastHash,
      firstInvalid: this.firstInvalid,
      balancesByCurrency,
    };
  }

  private defectOf(entry: JournalEntry): JournalDefect | null {
    if (entry.sequence !== (this.lastSequence ?? 0n) + 1n) return 'sequence_gap';
    if (entry.previousHash !== this.lastHash) return 'broken_link';
    let hash: string;
    try {
      hash = entryHash(entry);
    } catch (error) {
      // Postings that cannot even be written canonically (an unknown currency, a non-decimal amount).
      if (error instanceof DomainError) return 'unbalanced';
      throw error;
    }
    if (hash !== entry.hash) return 'hash_mismatch';
    try {
      assertBalanced(entry.postings);
    } catch (error) {
      if (error instanceof DomainError) return 'unbalanced';
      throw error;
    }
    return null;
  }
}

export function verifyJournal(entries: Iterable<JournalEntry>): JournalVerification {
  const verifier = new JournalVerifier();
  for (const entry of entries) verifier.add(entry);
  return verifier.result();
}

/** account → currency → balance, over the given entries (which are trusted, not verified). */
export function accountBalances(entries: Iterable<JournalEntry>): Map<string, Map<string, Decimal>> {
  const balances = new Map<string, Map<string, Decimal>>();
  for (const entry of entries) {
    for (const { account, currency, amount } of entry.postings) {
      let byCurrency = balances.get(account);
      if (!byCurrency) balances.set(account, (byCurrency = new Map()));
      byCurrency.set(currency, (byCurrency.get(currency) ?? new Decimal(0)).plus(amount));
    }
  }
  return balances;
}
