import { createHash } from 'node:crypto';
import { Decimal } from '../money/decimal';
import { domainErrorOf } from '../test-support';
import { GENESIS_HASH, type JournalEntryDraft, type Posting, assertBalanced, canonicalEntryPayload, chainEntry } from './journal';

const posting = (account: string, amount: string, currency = 'USD'): Posting => ({ account, currency, amount: new Decimal(amount) });

const prefunding: JournalEntryDraft = {
  id: 'je_1',
  kind: 'prefunding',
  description: 'Prefunding of cb_ke',
  reference: null,
  regionId: 'eac',
  occurredAt: new Date('2026-01-02T03:04:05.678Z'),
  postings: [posting('cb:cb_ke:funding', '-1000.5'), posting('cb:cb_ke:settlement', '1000.5')],
};

describe('assertBalanced', () => {
  it('accepts postings that sum to zero in each currency', () => {
    // USD: −100 + 60 + 40 = 0; KES: −500 + 500 = 0
    expect(() =>
      assertBalanced([
        posting('a', '-100'),
        posting('b', '60'),
        posting('c', '40'),
        posting('d', '-500', 'KES'),
        posting('e', '500', 'KES'),
      ]),
    ).not.toThrow();
  });

  it('refuses an unbalanced currency, naming it and the imbalance', () => {
    // USD balances; KES: −500 + 499.99 = −0.01
    const error = domainErrorOf(() =>
      assertBalanced([posting('a', '-1'), posting('b', '1'), posting('d', '-500', 'KES'), posting('e', '499.99', 'KES')]),
    );
    expect(error).toMatchObject({ code: 'unbalanced_entry', field: 'postings' });
    expect(error.message).toContain('KES');
    expect(error.message).toContain('-0.01');
  });

  it('refuses balance across currencies: 1 USD does not offset 1 KES', () => {
    expect(domainErrorOf(() => assertBalanced([posting('a', '-1', 'USD'), posting('b', '1', 'KES')])).code).toBe('unbalanced_entry');
  });

  it('refuses an empty entry, a zero line, excess decimals and an unknown currency', () => {
    expect(domainErrorOf(() => assertBalanced([])).code).toBe('empty_entry');
    expect(domainErrorOf(() => assertBalanced([posting('a', '0'), posting('b', '1'), posting('c', '-1')]))).toMatchObject({
      code: 'zero_amount_posting',
      field: 'postings[0].amount',
    });
    expect(domainErrorOf(() => assertBalanced([posting('a', '-0.001'), posting('b', '0.001')]))).toMatchObject({
      code: 'amount_precision_exceeded',
      field: 'postings[0].amount',
    });
    expect(domainErrorOf(() => assertBalanced([posting('a', '-1', 'XDR'), posting('b', '1', 'XDR')]))).toMatchObject({
      code: 'unknown_currency',
      field: 'postings[0].currency',
    });
  });
});

describe('canonicalEntryPayload', () => {
  it('writes fixed key order, amounts at currency scale, sequence and date as strings', () => {
    expect(canonicalEntryPayload({ ...prefunding, sequence: 7n, previousHash: GENESIS_HASH })).toBe(
      '{"sequence":"7","previousHash":"' +
        '0'.repeat(64) +
        '","id":"je_1","kind":"prefunding","description":"Prefunding of cb_ke","reference":null,"regionId":"eac",' +
        '"occurredAt":"2026-01-02T03:04:05.678Z","postings":[' +
        '{"account":"cb:cb_ke:funding","currency":"USD","amount":"-1000.50"},' +
        '{"account":"cb:cb_ke:settlement","currency":"USD","amount":"1000.50"}]}',
    );
  });

  it('does not depend on how a caller built the object', () => {
    const reordered = {
      postings: prefunding.postings,
      occurredAt: prefunding.occurredAt,
      previousHash: GENESIS_HASH,
      sequence: 1n,
      regionId: prefunding.regionId,
      reference: prefunding.reference,
      description: prefunding.description,
      kind: prefunding.kind,
      id: prefunding.id,
    };
    expect(canonicalEntryPayload(reordered)).toBe(canonicalEntryPayload({ ...prefunding, sequence: 1n, previousHash: GENESIS_HASH }));
  });

  it('refuses an invalid date', () => {
    expect(
      domainErrorOf(() => canonicalEntryPayload({ ...prefunding, occurredAt: new Date('nope'), sequence: 1n, previousHash: GENESIS_HASH }))
        .code,
    ).toBe('invalid_entry');
  });
});

describe('chainEntry', () => {
  it('starts the chain at sequence 1 on the genesis hash', () => {
    const first = chainEntry(prefunding, null);
    expect(first.sequence).toBe(1n);
    expect(first.previousHash).toBe(GENESIS_HASH);
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalEntryPayload({ ...prefunding, sequence: 1n, previousHash: GENESIS_HASH }))
      .digest('hex');
    expect(first.hash).toBe(expected);
  });

  it('links each entry to the previous one', () => {
    const first = chainEntry(prefunding, null);
    const second = chainEntry({ ...prefunding, id: 'je_2' }, first);
    expect(second.sequence).toBe(2n);
    expect(second.previousHash).toBe(first.hash);
    expect(second.hash).not.toBe(first.hash);
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to seal an unbalanced draft', () => {
    const draft = { ...prefunding, postings: [posting('a', '-1'), posting('b', '2')] };
    expect(domainErrorOf(() => chainEntry(draft, null)).code).toBe('unbalanced_entry');
  });

  it('seals its own copy of the postings', () => {
    const postings = [posting('a', '-1'), posting('b', '1')];
    const entry = chainEntry({ ...prefunding, postings }, null);
    postings[0] = posting('mallory', '-1');
    expect(entry.postings[0]!.account).toBe('a');
  });
});
