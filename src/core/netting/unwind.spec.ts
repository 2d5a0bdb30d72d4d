import fc from 'fast-check';
import { fromMinorUnits } from '../money/amount';
import { Decimal } from '../money/decimal';
import { decimalsAsText, domainErrorOf, obligationsArbitrary, workedExample } from '../test-support';
import { multilateralNetPositions } from './net-positions';
import type { Obligation } from './obligation';
import { type LiquidityLimit, settleWithUnwind } from './unwind';

const usd = (amount: string) => new Decimal(amount);
const limit = (party: string, available: string, currency = 'USD'): LiquidityLimit => ({ party, currency, available: usd(available) });
const leg = (id: string, reference: string, debtor: string, creditor: string, amount: string, currency = 'USD'): Obligation => ({
  id,
  reference,
  debtor,
  creditor,
  currency,
  amount: usd(amount),
});

describe('settleWithUnwind', () => {
  it('settles the whole worked example when A and C can each pay their 25', () => {
    const result = settleWithUnwind(workedExample(), [limit('A', '25'), limit('C', '25')]);
    expect(result.unwound).toEqual([]);
    expect(result.unwoundReferences).toEqual([]);
    expect(result.rounds).toEqual([]);
    expect(result.settled).toEqual(workedExample());
    expect(result.positions.map((p) => [p.party, p.net.toFixed()])).toEqual([
      ['A', '-25'],
      ['B', '50'],
      ['C', '-25'],
    ]);
  });

  it('unwinds the payments of the one member that cannot cover its net debit', () => {
    // A→B 100 and B→A 100 offset; D→C 80 leaves D at −80 with 30 available: shortfall 50, so p3 fails.
    const obligations = [leg('o1', 'p1', 'A', 'B', '100'), leg('o2', 'p2', 'B', 'A', '100'), leg('o3', 'p3', 'D', 'C', '80')];
    const result = settleWithUnwind(obligations, [limit('D', '30')]);
    expect(result.unwoundReferences).toEqual(['p3']);
    expect(result.unwound.map((o) => o.id)).toEqual(['o3']);
    expect(result.settled.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect(decimalsAsText(result.rounds)).toEqual([
      { round: 1, debtor: 'D', currency: 'USD', netDebit: '80', available: '30', unwoundReferences: ['p3'] },
    ]);
    // Only parties still holding obligations have positions: A and B, each at 0.
    expect(result.positions.map((p) => [p.party, p.net.toFixed()])).toEqual([
      ['A', '0'],
      ['B', '0'],
    ]);
  });

  it('drops every leg of an unwound reference, whatever its currency or debtor', () => {
    // Reference x: D owes C 80 USD and C owes B 1000 KES. D is short, so both legs fail.
    const obligations = [leg('o1', 'x', 'D', 'C', '80'), leg('o2', 'x', 'C', 'B', '1000', 'KES'), leg('o3', 'y', 'B', 'C', '10')];
    const result = settleWithUnwind(obligations, [limit('B', '10'), limit('C', '1000', 'KES')]);
    expect(result.unwound.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect(result.settled.map((o) => o.id)).toEqual(['o3']);
  });

  it('keeps payments to the defaulting member: only its own payments fail', () => {
    // A→D 40 (p1), D→B 100 (p2). D: −60 with nothing available, so p2 unwinds; A still pays D 40 (A has 40).
    const result = settleWithUnwind([leg('o1', 'p1', 'A', 'D', '40'), leg('o2', 'p2', 'D', 'B', '100')], [limit('A', '40')]);
    expect(result.unwoundReferences).toEqual(['p2']);
    expect(result.positions.map((p) => [p.party, p.net.toFixed()])).toEqual([
      ['A', '-40'],
      ['D', '40'],
    ]);
  });

  it('recomputes after each round, so one default can cascade to the members it was paying', () => {
    // Worked example with A 25 and C 0: C short 25 → p3 (C→A 175) fails; A is then −200 with 25 → p1
    // fails; B is then −150 with 0 → p2 fails.
    const result = settleWithUnwind(workedExample(), [limit('A', '25')]);
    expect(result.rounds.map((r) => [r.debtor, r.netDebit.toFixed(), r.available.toFixed(), r.unwoundReferences])).toEqual([
      ['C', '25', '0', ['p3']],
      ['A', '200', '25', ['p1']],
      ['B', '150', '0', ['p2']],
    ]);
    expect(result.settled).toEqual([]);
    expect(result.positions).toEqual([]);
  });

  it('unwinds the largest shortfall first, ties going to the smaller party id', () => {
    // A→C 10, B→C 10, E→C 30: shortfalls A 10, B 10, E 30 → E first, then A before B.
    const result = settleWithUnwind(
      [leg('o1', 'p1', 'B', 'C', '10'), leg('o2', 'p2', 'A', 'C', '10'), leg('o3', 'p3', 'E', 'C', '30')],
      [],
    );
    expect(result.rounds.map((r) => r.debtor)).toEqual(['E', 'A', 'B']);
  });

  it('refuses a duplicate or negative liquidity limit', () => {
    expect(domainErrorOf(() => settleWithUnwind(workedExample(), [limit('A', '1'), limit('A', '2')]))).toMatchObject({
      code: 'duplicate_liquidity_limit',
      field: 'liquidity[1]',
    });
    expect(domainErrorOf(() => settleWithUnwind(workedExample(), [limit('A', '-1')]))).toMatchObject({
      code: 'invalid_liquidity_limit',
      field: 'liquidity[0].available',
    });
  });

  const limitsArbitrary = fc
    .array(
      fc.record({
        party: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
        currency: fc.constantFrom('USD', 'KES'),
        units: fc.bigInt({ min: 0n, max: 300_000_000n }),
      }),
      { maxLength: 10 },
    )
    .map((rows) => {
      const unique = new Map(rows.map((row) => [`${row.party}/${row.currency}`, row]));
      return [...unique.values()].map(({ party, currency, units }) => ({ party, currency, available: fromMinorUnits(units, currency) }));
    });

  const window = fc.tuple(obligationsArbitrary(), limitsArbitrary);

  it('leaves positions that sum to zero and cover every remaining net debtor', () => {
    fc.assert(
      fc.property(window, ([obligations, limits]) => {
        const { positions } = settleWithUnwind(obligations, limits);
        for (const currency of ['USD', 'KES']) {
          const total = positions.filter((p) => p.currency === currency).reduce((sum, p) => sum.plus(p.net), new Decimal(0));
          expect(total.isZero()).toBe(true);
        }
        for (const { party, currency, net } of positions) {
          const available = limits.find((l) => l.party === party && l.currency === currency)?.available ?? new Decimal(0);
          expect(net.negated().lte(available)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('splits the input into settled and unwound by whole references, losing nothing', () => {
    fc.assert(
      fc.property(window, ([obligations, limits]) => {
        const result = settleWithUnwind(obligations, limits);
        expect([...result.settled, ...result.unwound].map((o) => o.id).sort()).toEqual(obligations.map((o) => o.id).sort());
        const settledReferences = new Set(result.settled.map((o) => o.reference));
        const unwoundReferences = new Set(result.unwound.map((o) => o.reference));
        expect([...settledReferences].filter((r) => unwoundReferences.has(r))).toEqual([]);
        expect([...unwoundReferences].sort()).toEqual(result.unwoundReferences);
        expect(result.rounds.flatMap((r) => r.unwoundReferences).sort()).toEqual(result.unwoundReferences);
      }),
      { numRuns: 200 },
    );
  });

  it('unwinds nothing when every party has enough liquidity', () => {
    fc.assert(
      fc.property(obligationsArbitrary(), (obligations) => {
        const ample = multilateralNetPositions(obligations).map((p) => ({ party: p.party, currency: p.currency, available: p.sent }));
        const result = settleWithUnwind(obligations, ample);
        expect(result.unwound).toEqual([]);
        expect(result.settled).toEqual(obligations);
      }),
      { numRuns: 100 },
    );
  });

  it('nets the settled set to what applying each obligation to balances one by one gives', () => {
    fc.assert(
      fc.property(window, ([obligations, limits]) => {
        const result = settleWithUnwind(obligations, limits);
        const balances = new Map<string, Decimal>();
        const move = (party: string, currency: string, amount: Decimal) =>
          balances.set(`${currency}/${party}`, (balances.get(`${currency}/${party}`) ?? new Decimal(0)).plus(amount));
        for (const o of result.settled) {
          move(o.debtor, o.currency, o.amount.negated());
          move(o.creditor, o.currency, o.amount);
        }
        expect(result.positions.map((p) => [`${p.currency}/${p.party}`, p.net.toFixed()])).toEqual(
          [...balances.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => [key, value.toFixed()]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('unwinds the same references whatever the order of the obligations', () => {
    fc.assert(
      fc.property(
        window.chain(([o, l]) => fc.tuple(fc.constant(o), fc.constant(l), fc.shuffledSubarray(o, { minLength: o.length }))),
        ([obligations, limits, shuffled]) => {
          const a = settleWithUnwind(obligations, limits);
          const b = settleWithUnwind(shuffled, limits);
          expect(b.unwoundReferences).toEqual(a.unwoundReferences);
          expect(decimalsAsText(b.rounds)).toEqual(decimalsAsText(a.rounds));
          expect(decimalsAsText(b.positions)).toEqual(decimalsAsText(a.positions));
        },
      ),
      { numRuns: 100 },
    );
  });
});
