import fc from 'fast-check';
import { fromMinorUnits } from '../money/amount';
import { Decimal } from '../money/decimal';
import { assertBalanced, chainEntry, type JournalEntry } from '../ledger/journal';
import { verifyJournal } from '../ledger/verify';
import type { LiquidityLimit } from '../netting/unwind';
import { decimalsAsText, domainErrorOf, obligationsArbitrary } from '../test-support';
import { type PlannedObligation, type SettlementPlanInput, planSettlement } from './settlement-plan';

const regional = (id: string, reference: string, debtor: string, creditor: string, amount: string): PlannedObligation => ({
  id,
  reference,
  debtor,
  creditor,
  currency: 'USD',
  amount: new Decimal(amount),
  tier: 'regional',
});
/** Payer's participant pays its central bank (`in`), or the merchant's central bank pays its participant (`out`). */
const domestic = (
  id: string,
  reference: string,
  direction: 'in' | 'out',
  participant: string,
  centralBank: string,
  currency: string,
  amount: string,
): PlannedObligation =>
  direction === 'in'
    ? {
        id,
        reference,
        debtor: participant,
        creditor: centralBank,
        debtorKind: 'participant',
        creditorKind: 'central_bank',
        currency,
        amount: new Decimal(amount),
        tier: 'domestic',
      }
    : {
        id,
        reference,
        debtor: centralBank,
        creditor: participant,
        debtorKind: 'central_bank',
        creditorKind: 'participant',
        currency,
        amount: new Decimal(amount),
        tier: 'domestic',
      };
const limit = (party: string, available: string): LiquidityLimit => ({ party, currency: 'USD', available: new Decimal(available) });

const input = (obligations: PlannedObligation[], liquidity: LiquidityLimit[]): SettlementPlanInput => ({
  regionId: 'eac',
  windowId: 'w1',
  settlementAsset: 'USD',
  obligations,
  liquidity,
  occurredAt: new Date('2026-03-01T17:00:00Z'),
});

const workedExample = [regional('o1', 'p1', 'A', 'B', '200'), regional('o2', 'p2', 'B', 'C', '150'), regional('o3', 'p3', 'C', 'A', '175')];

describe('planSettlement', () => {
  it('settles the whole worked example when A and C can each pay their 25', () => {
    const plan = planSettlement(input(workedExample, [limit('A', '25'), limit('B', '0'), limit('C', '25')]));
    expect(plan.unwoundReferences).toEqual([]);
    expect(plan.settledReferences).toEqual(['p1', 'p2', 'p3']);
    expect(plan.rounds).toEqual([]);
    expect(plan.regionalPositions.map((p) => [p.party, p.net.toFixed()])).toEqual([
      ['A', '-25'],
      ['B', '50'],
      ['C', '-25'],
    ]);
    // Debtors pay the agent 25 + 25, the agent pays B 50.
    expect(decimalsAsText(plan.transfers)).toEqual([
      { from: 'cb:A:settlement', to: 'region:eac:agent', currency: 'USD', amount: '25' },
      { from: 'cb:C:settlement', to: 'region:eac:agent', currency: 'USD', amount: '25' },
      { from: 'region:eac:agent', to: 'cb:B:settlement', currency: 'USD', amount: '50' },
    ]);
    expect(plan.journal).toHaveLength(1);
    expect(plan.journal[0]).toMatchObject({ id: 'je_w1_regional', kind: 'settlement', reference: 'w1', regionId: 'eac' });
    expect(decimalsAsText(plan.journal[0]!.postings)).toEqual([
      { account: 'cb:A:settlement', currency: 'USD', amount: '-25' },
      { account: 'region:eac:agent', currency: 'USD', amount: '25' },
      { account: 'cb:C:settlement', currency: 'USD', amount: '-25' },
      { account: 'region:eac:agent', currency: 'USD', amount: '25' },
      { account: 'region:eac:agent', currency: 'USD', amount: '-50' },
      { account: 'cb:B:settlement', currency: 'USD', amount: '50' },
    ]);
    // G 525, M 50: the agent moves 50 instead of 525.
    expect(plan.regionalMetrics.map((m) => [m.gross.toFixed(), m.multilateralNet.toFixed()])).toEqual([['525', '50']]);
  });

  it('unwinds the member that cannot cover its net debit, with the domestic legs of its payments', () => {
    // A↔B 100 offset; D→C 80 (p3) with D holding 30 → p3 unwinds, in both tiers. p4 is a payment inside
    // D's country: purely domestic, it settles.
    const plan = planSettlement(
      input(
        [
          regional('o1', 'p1', 'A', 'B', '100'),
          regional('o2', 'p2', 'B', 'A', '100'),
          regional('o3', 'p3', 'D', 'C', '80'),
          domestic('d1', 'p3', 'in', 'par_d', 'D', 'XOF', '48000'),
          domestic('d2', 'p3', 'out', 'par_c', 'C', 'GHS', '1200.00'),
          domestic('d3', 'p4', 'in', 'par_d', 'D', 'XOF', '1000'),
          domestic('d4', 'p4', 'out', 'par_d2', 'D', 'XOF', '1000'),
        ],
        [limit('D', '30')],
      ),
    );
    expect(plan.unwoundReferences).toEqual(['p3']);
    expect(plan.settledReferences).toEqual(['p1', 'p2', 'p4']);
    expect(decimalsAsText(plan.rounds)).toEqual([
      { round: 1, debtor: 'D', currency: 'USD', netDebit: '80', available: '30', unwoundReferences: ['p3'] },
    ]);
    expect(plan.regionalPositions.map((p) => [p.party, p.net.toFixed()])).toEqual([
      ['A', '0'],
      ['B', '0'],
    ]);
    expect(plan.transfers).toEqual([]);
    // XOF: par_d −1000, D 0 (+1000 − 1000), par_d2 +1000; GHS had only the unwound leg.
    expect(plan.domesticPositions.map((p) => [p.currency, p.party, p.net.toFixed()])).toEqual([
      ['XOF', 'D', '0'],
      ['XOF', 'par_d', '-1000'],
      ['XOF', 'par_d2', '1000'],
    ]);
    expect(plan.journal.map((entry) => entry.id)).toEqual(['je_w1_domestic_XOF']);
    expect(decimalsAsText(plan.journal[0]!.postings)).toEqual([
      { account: 'par:par_d:settlement', currency: 'XOF', amount: '-1000' },
      { account: 'par:par_d2:settlement', currency: 'XOF', amount: '1000' },
    ]);
  });

  it('posts domestic positions to participant and central-bank domestic accounts, one entry per currency', () => {
    // p1: payer at par_a pays A 25900 KES; B pays merchant's par_b 310000 NGN.
    const plan = planSettlement(
      input(
        [
          regional('o1', 'p1', 'A', 'B', '200'),
          domestic('d1', 'p1', 'in', 'par_a', 'A', 'KES', '25900.00'),
          domestic('d2', 'p1', 'out', 'par_b', 'B', 'NGN', '310000.00'),
        ],
        [limit('A', '200')],
      ),
    );
    expect(plan.journal.map((entry) => entry.id)).toEqual(['je_w1_regional', 'je_w1_domestic_KES', 'je_w1_domestic_NGN']);
    expect(decimalsAsText(plan.journal[1]!.postings)).toEqual([
      { account: 'cb:A:domestic', currency: 'KES', amount: '25900' },
      { account: 'par:par_a:settlement', currency: 'KES', amount: '-25900' },
    ]);
    expect(decimalsAsText(plan.journal[2]!.postings)).toEqual([
      { account: 'cb:B:domestic', currency: 'NGN', amount: '-310000' },
      { account: 'par:par_b:settlement', currency: 'NGN', amount: '310000' },
    ]);
  });

  it('plans nothing to post for an empty window', () => {
    const plan = planSettlement(input([], []));
    expect(plan).toMatchObject({ unwoundReferences: [], settledReferences: [], transfers: [], journal: [], rounds: [] });
  });

  it('refuses a regional obligation outside the settlement asset', () => {
    const wrong = { ...regional('o1', 'p1', 'A', 'B', '1'), currency: 'KES' };
    expect(domainErrorOf(() => planSettlement(input([wrong], [])))).toMatchObject({
      code: 'invalid_obligation',
      field: 'obligations[0].currency',
    });
  });

  it('refuses a domestic obligation that does not say who is a participant', () => {
    const { debtorKind: _omitted, ...unmarked } = domestic('d1', 'p1', 'in', 'par_a', 'A', 'KES', '1');
    expect(domainErrorOf(() => planSettlement(input([unmarked], [])))).toMatchObject({
      code: 'invalid_obligation',
      field: 'obligations[0].debtorKind',
    });
  });

  it('refuses a party that is a participant in one obligation and a central bank in another', () => {
    const first = domestic('d1', 'p1', 'in', 'X', 'A', 'KES', '1');
    const second = domestic('d2', 'p2', 'out', 'par_b', 'X', 'KES', '1');
    expect(domainErrorOf(() => planSettlement(input([first, second], [])))).toMatchObject({
      code: 'invalid_obligation',
      field: 'obligations[1].debtorKind',
    });
  });

  it('refuses an amount finer than its currency', () => {
    expect(domainErrorOf(() => planSettlement(input([regional('o1', 'p1', 'A', 'B', '1.001')], [])))).toMatchObject({
      code: 'amount_precision_exceeded',
      field: 'obligations[0].amount',
    });
  });

  it('always yields balanced journal entries, zero-sum positions and covered debtors', () => {
    const LOCAL: Record<string, string> = { A: 'KES', B: 'NGN', C: 'XOF', D: 'GHS', E: 'KWD' };
    const planInput = fc
      .tuple(
        obligationsArbitrary({ currencies: ['USD'], maxLength: 30 }),
        fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n })), {
          minLength: 30,
          maxLength: 30,
        }),
        fc.array(fc.bigInt({ min: 0n, max: 300_000_000n }), { minLength: 5, maxLength: 5 }),
      )
      .map(([legs, localUnits, liquidityUnits]) => {
        const obligations: PlannedObligation[] = legs.flatMap((leg, i) => {
          const [payerUnits, merchantUnits] = localUnits[i]!;
          const payerCurrency = LOCAL[leg.debtor]!;
          const merchantCurrency = LOCAL[leg.creditor]!;
          return [
            { ...leg, tier: 'regional' as const },
            domestic(
              `${leg.id}_in`,
              leg.reference,
              'in',
              `par_${leg.debtor}`,
              leg.debtor,
              payerCurrency,
              fromMinorUnits(payerUnits, payerCurrency).toFixed(),
            ),
            domestic(
              `${leg.id}_out`,
              leg.reference,
              'out',
              `par_${leg.creditor}`,
              leg.creditor,
              merchantCurrency,
              fromMinorUnits(merchantUnits, merchantCurrency).toFixed(),
            ),
          ];
        });
        const liquidity = ['A', 'B', 'C', 'D', 'E'].map((party, i) => ({
          party,
          currency: 'USD',
          available: fromMinorUnits(liquidityUnits[i]!, 'USD'),
        }));
        return input(obligations, liquidity);
      });
    fc.assert(
      fc.property(planInput, (planned) => {
        const plan = planSettlement(planned);
        for (const entry of plan.journal) assertBalanced(entry.postings);
        const chained: JournalEntry[] = [];
        for (const entry of plan.journal) chained.push(chainEntry(entry, chained.at(-1) ?? null));
        expect(verifyJournal(chained).ok).toBe(true);

        for (const positions of [plan.regionalPositions, plan.domesticPositions]) {
          const totals = new Map<string, Decimal>();
          for (const p of positions) totals.set(p.currency, (totals.get(p.currency) ?? new Decimal(0)).plus(p.net));
          expect([...totals.values()].every((total) => total.isZero())).toBe(true);
        }
        for (const { party, net } of plan.regionalPositions) {
          const available = planned.liquidity.find((l) => l.party === party)!.available;
          expect(net.negated().lte(available)).toBe(true);
        }
        const references = [...new Set(planned.obligations.map((o) => o.reference))].sort();
        expect([...plan.settledReferences, ...plan.unwoundReferences].sort()).toEqual(references);
      }),
      { numRuns: 100 },
    );
  });
});
