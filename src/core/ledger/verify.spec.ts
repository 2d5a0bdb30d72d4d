import fc from 'fast-check';
import { fromMinorUnits } from '../money/amount';
import { Decimal } from '../money/decimal';
import { GENESIS_HASH, type JournalEntry, type JournalEntryDraft, type Posting, chainEntry, entryHash } from './journal';
import { JournalVerifier, accountBalances, verifyJournal } from './verify';

const draft = (id: string, postings: [string, string, string][]): JournalEntryDraft => ({
  id,
  kind: 'test',
  description: `entry ${id}`,
  reference: null,
  regionId: 'r1',
  occurredAt: new Date('2026-05-01T00:00:00Z'),
  postings: postings.map(([account, currency, amount]) => ({ account, currency, amount: new Decimal(amount) })),
});

function chain(drafts: JournalEntryDraft[]): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const d of drafts) entries.push(chainEntry(d, entries.at(-1) ?? null));
  return entries;
}

const journal = () =>
  chain([
    draft('je_1', [
      ['cb:a:funding', 'USD', '-100'],
      ['cb:a:settlement', 'USD', '100'],
    ]),
    draft('je_2', [
      ['cb:a:settlement', 'USD', '-25'],
      ['region:r1:agent', 'USD', '25'],
    ]),
    draft('je_3', [
      ['par:p:settlement', 'KES', '-500'],
      ['cb:k:domestic', 'KES', '500'],
    ]),
  ]);

describe('verifyJournal', () => {
  it('accepts an intact journal and reports its tip and zero balances', () => {
    const entries = journal();
    const result = verifyJournal(entries);
    expect(result).toMatchObject({ ok: true, entriesChecked: 3, lastSequence: 3n, lastHash: entries[2]!.hash, firstInvalid: null });
    expect(result.balancesByCurrency.map((b) => [b.currency, b.total.toFixed()])).toEqual([
      ['KES', '0'],
      ['USD', '0'],
    ]);
  });

  it('accepts an empty journal', () => {
    expect(verifyJournal([])).toMatchObject({
      ok: true,
      entriesChecked: 0,
      lastSequence: null,
      lastHash: GENESIS_HASH,
      firstInvalid: null,
    });
  });

  it('detects an altered amount at that entry', () => {
    const entries = journal();
    const [debit, credit] = entries[1]!.postings;
    // −25/+25 becomes −2500/+2500: still balanced, so only the hash can tell.
    entries[1] = {
      ...entries[1]!,
      postings: [
        { ...debit!, amount: new Decimal('-2500') },
        { ...credit!, amount: new Decimal('2500') },
      ],
    };
    const result = verifyJournal(entries);
    expect(result.ok).toBe(false);
    expect(result.firstInvalid).toEqual({ sequence: 2n, entryId: 'je_2', reason: 'hash_mismatch' });
    expect(result).toMatchObject({ entriesChecked: 2, lastSequence: 1n, lastHash: entries[0]!.hash });
  });

  it('detects a removed entry as a sequence gap', () => {
    const entries = journal();
    expect(verifyJournal([entries[0]!, entries[2]!]).firstInvalid).toEqual({ sequence: 3n, entryId: 'je_3', reason: 'sequence_gap' });
  });

  it('detects a re-sealed entry through the next entry’s link', () => {
    // Tampering with je_2 and recomputing its hash makes je_2 look valid, but je_3 still names the old hash.
    const entries = journal();
    entries[1] = chainEntry({ ...entries[1]!, description: 'rewritten' }, entries[0]!);
    expect(verifyJournal(entries).firstInvalid).toEqual({ sequence: 3n, entryId: 'je_3', reason: 'broken_link' });
  });

  it('flags an entry that was sealed unbalanced', () => {
    // The hash is honest over postings that do not balance, as a buggy writer bypassing chainEntry would make.
    const entries = journal();
    const linked = { ...entries[2]!, postings: [{ account: 'x', currency: 'KES', amount: new Decimal('1') }] };
    entries[2] = { ...linked, hash: entryHash(linked) };
    expect(verifyJournal(entries).firstInvalid).toEqual({ sequence: 3n, entryId: 'je_3', reason: 'unbalanced' });
  });

  it('gives the same result fed page by page as in one pass', () => {
    const entries = journal();
    const verifier = new JournalVerifier();
    for (const page of [entries.slice(0, 2), entries.slice(2)]) for (const entry of page) verifier.add(entry);
    expect(verifier.result()).toEqual(verifyJournal(entries));
  });
});

describe('accountBalances', () => {
  it('sums postings per account and currency', () => {
    const balances = accountBalances(journal());
    // cb:a:settlement: +100 − 25 = 75
    expect(balances.get('cb:a:settlement')?.get('USD')?.toFixed()).toBe('75');
    expect(balances.get('region:r1:agent')?.get('USD')?.toFixed()).toBe('25');
    expect(balances.get('par:p:settlement')?.get('KES')?.toFixed()).toBe('-500');
  });
});

describe('journal properties', () => {
  const ACCOUNTS = ['cb:a:settlement', 'cb:b:settlement', 'region:r:agent', 'par:p:settlement', 'cb:a:domestic'];
  const CURRENCIES = ['USD', 'KES', 'KWD', 'XOF'];

  /** Random non-zero lines, then one balancing line per currency that does not already sum to zero. */
  const draftArbitrary = (id: string) =>
    fc
      .record({
        description: fc.string({ maxLength: 20 }),
        lines: fc.array(
          fc.record({
            account: fc.constantFrom(...ACCOUNTS),
            currency: fc.constantFrom(...CURRENCIES),
            units: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((u) => u !== 0n),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      })
      .map(({ description, lines }): JournalEntryDraft => {
        const postings: Posting[] = lines.map(({ account, currency, units }) => ({
          account,
          currency,
          amount: fromMinorUnits(units, currency),
        }));
        const totals = new Map<string, Decimal>();
        for (const p of postings) totals.set(p.currency, (totals.get(p.currency) ?? new Decimal(0)).plus(p.amount));
        for (const [currency, total] of totals)
          if (!total.isZero()) postings.push({ account: 'cb:x:funding', currency, amount: total.negated() });
        // A currency whose random lines happened to cancel already balances.
        return { id, kind: 'test', description, reference: null, regionId: null, occurredAt: new Date(Date.UTC(2026, 0, 1)), postings };
      });

  const journalArbitrary = fc
    .integer({ min: 1, max: 8 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => draftArbitrary(`je_${i + 1}`))))
    .map((drafts) => chain(drafts));

  it('chains random balanced entries into a journal that verifies with zero balances', () => {
    fc.assert(
      fc.property(journalArbitrary, (entries) => {
        const result = verifyJournal(entries);
        expect(result.ok).toBe(true);
        expect(result.entriesChecked).toBe(entries.length);
        expect(result.balancesByCurrency.every((b) => b.total.isZero())).toBe(true);
        const perCurrency = new Map<string, Decimal>();
        for (const byCurrency of accountBalances(entries).values()) {
          for (const [currency, balance] of byCurrency)
            perCurrency.set(currency, (perCurrency.get(currency) ?? new Decimal(0)).plus(balance));
        }
        expect([...perCurrency.values()].every((total) => total.isZero())).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('detects an altered amount, account or description exactly at the altered entry', () => {
    const alteration = fc.constantFrom('amount', 'account', 'description');
    fc.assert(
      fc.property(
        journalArbitrary.chain((entries) => fc.tuple(fc.constant(entries), fc.nat({ max: entries.length - 1 }), fc.nat(), alteration)),
        ([entries, at, line, what]) => {
          const target = entries[at]!;
          const index = line % target.postings.length;
          const postings = target.postings.map((p, i) => {
            if (i !== index) return p;
            // One minor unit (1 for XOF, 0.001 for KWD) is the smallest change that survives formatting.
            if (what === 'amount') return { ...p, amount: p.amount.plus(fromMinorUnits(1n, p.currency)) };
            if (what === 'account') return { ...p, account: `${p.account}:x` };
            return p;
          });
          const altered = { ...target, postings, description: what === 'description' ? `${target.description}!` : target.description };
          const tampered = entries.map((e, i) => (i === at ? altered : e));
          const result = verifyJournal(tampered);
          expect(result.ok).toBe(false);
          expect(result.firstInvalid?.sequence).toBe(target.sequence);
          expect(result.firstInvalid?.entryId).toBe(target.id);
        },
      ),
      { numRuns: 200 },
    );
  });
});
