import fc from 'fast-check';
import { Decimal } from '../money/decimal';
import type { PaymentLegs } from '../payments/two-tier-obligations';
import {
  type SettledRecord,
  expectedPositions,
  liquidityUsed,
  positionDifferences,
  reconcileTiers,
  settlementInstruction,
} from './reconciliation';

const d = (value: string | number) => new Decimal(value);

/** A payment from a participant under `payerBank` to a merchant's participant under `merchantBank`. */
function legs(
  reference: string,
  payerBank: string,
  merchantBank: string,
  payer: string,
  merchant: string,
  settlement: string,
): PaymentLegs {
  return {
    reference,
    payerParticipantId: `par_${payerBank}`,
    payerCentralBankId: `cb_${payerBank}`,
    payerCurrency: `${payerBank}X`,
    payerAmount: d(payer),
    merchantParticipantId: `par_${merchantBank}`,
    merchantCentralBankId: `cb_${merchantBank}`,
    merchantCurrency: `${merchantBank}X`,
    merchantAmount: d(merchant),
    settlementAsset: 'USD',
    settlementAmount: d(settlement),
  };
}

const participantsOf = new Map([
  ['par_A', 'cb_A'],
  ['par_B', 'cb_B'],
  ['par_C', 'cb_C'],
]);

describe('settlement instructions', () => {
  it('has a net debtor pay the agent and the agent pay a net creditor, always a positive amount', () => {
    expect(settlementInstruction(d('-25.00'))).toEqual({ direction: 'pays_agent', amount: d('25.00') });
    expect(settlementInstruction(d('50.00'))).toEqual({ direction: 'paid_by_agent', amount: d('50.00') });
    expect(settlementInstruction(d(0)).direction).toBe('none');
  });

  it('counts as liquidity used only what the net debtors owe (DESIGN worked example: M = 50)', () => {
    expect(liquidityUsed([d(-25), d(50), d(-25)]).toFixed()).toBe('50');
  });
});

describe('reconciliation', () => {
  // DESIGN's example as payments: A→B 200, B→C 150, C→A 175 in the settlement asset, and a refund of 20 of A→B.
  const records: SettledRecord[] = [
    { kind: 'capture', legs: legs('pay_1', 'A', 'B', '20300', '2000', '200') },
    { kind: 'capture', legs: legs('pay_2', 'B', 'C', '1510', '150000', '150') },
    { kind: 'capture', legs: legs('pay_3', 'C', 'A', '176000', '17500', '175') },
    { kind: 'refund', legs: legs('ref_1', 'A', 'B', '2030', '200', '20') },
  ];

  it("recomputes the regional positions from the records' settlement amounts", () => {
    const nets = expectedPositions(records).regional.map((p) => [p.party, p.net.toFixed()]);
    expect(nets).toEqual([
      ['cb_A', '-5'],
      ['cb_B', '30'],
      ['cb_C', '-25'],
    ]);
  });

  it('finds the party whose stored net differs, and nothing when they agree', () => {
    const expected = expectedPositions(records).regional;
    expect(positionDifferences(expected, expected)).toEqual([]);
    const altered = expected.map((p) => (p.party === 'cb_B' ? { ...p, net: p.net.plus('0.01') } : p));
    expect(positionDifferences(expected, altered)).toEqual([{ party: 'cb_B', currency: 'USD', expected: d(30), actual: d('30.01') }]);
  });

  it("balances every central bank's tiers when both come from the same records", () => {
    const positions = expectedPositions(records);
    const tiers = reconcileTiers(records, positions, participantsOf);
    expect(tiers.map((t) => [t.centralBank, t.regionalNet.toFixed(), t.balanced])).toEqual([
      ['cb_A', '-5', true],
      ['cb_B', '30', true],
      ['cb_C', '-25', true],
    ]);
  });

  it('flags a central bank whose regional net is not the sum of its payments’ settlement legs', () => {
    const positions = expectedPositions(records);
    const regional = positions.regional.map((p) => (p.party === 'cb_C' ? { ...p, net: p.net.minus(1) } : p));
    const unbalanced = reconcileTiers(records, { ...positions, regional }, participantsOf).filter((t) => !t.balanced);
    expect(unbalanced.map((t) => [t.centralBank, t.regionalNet.toFixed(), t.regionalFromLegs.toFixed()])).toEqual([['cb_C', '-26', '-25']]);
  });

  it('nets each tier to zero per currency, whatever the payments and refunds', () => {
    const banks = ['A', 'B', 'C'];
    const record = fc.record({
      kind: fc.constantFrom('capture' as const, 'refund' as const),
      payer: fc.constantFrom(...banks),
      merchant: fc.constantFrom(...banks),
      amounts: fc.tuple(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
      ),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (drawn) => {
        const all: SettledRecord[] = drawn.map((r, i) => ({
          kind: r.kind,
          legs: legs(
            `pay_${i}`,
            r.payer,
            r.merchant,
            d(r.amounts[0]).div(100).toFixed(),
            d(r.amounts[1]).div(100).toFixed(),
            d(r.amounts[2]).div(100).toFixed(),
          ),
        }));
        const positions = expectedPositions(all);
        for (const tier of [positions.regional, positions.domestic]) {
          const sums = new Map<string, Decimal>();
          for (const p of tier) sums.set(p.currency, (sums.get(p.currency) ?? d(0)).plus(p.net));
          expect([...sums.values()].every((sum) => sum.isZero())).toBe(true);
        }
        expect(reconcileTiers(all, positions, participantsOf).every((t) => t.balanced)).toBe(true);
      }),
    );
  });
});
