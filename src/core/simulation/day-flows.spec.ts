import fc from 'fast-check';
import { fromMinorUnits, toMinorUnits } from '../money/amount';
import { multilateralNetPositions } from '../netting/net-positions';
import { domainErrorOf, obligationsArbitrary } from '../test-support';
import type { Currency, PartySpec, PaymentBatch } from '../workload/payment-batch';
import { liquidityAt, lowerAndUpperBounds, multilateralPositions } from './day-flows';

const USD: Currency = { code: 'USD', scale: 2 };
const KES: Currency = { code: 'KES', scale: 2 };
const parties = (...codes: string[]): PartySpec[] => codes.map((code) => ({ code, currency: 'USD', tier: 'core' }));

/** DESIGN.md worked example: A→B 200, B→C 150, C→A 175 (minor units). */
const WORKED: PaymentBatch = {
  count: 3,
  sender: Int32Array.of(0, 1, 2),
  receiver: Int32Array.of(1, 2, 0),
  currency: new Uint8Array(3),
  amount: Float64Array.of(200, 150, 175),
  arrival: Float64Array.of(1, 2, 3),
};

describe('multilateralPositions', () => {
  it('nets the worked example to A −25, B +50, C −25', () => {
    expect(Array.from(multilateralPositions(WORKED, 3, 1))).toEqual([-25, 50, -25]);
  });

  it('gives the same positions as the live Decimal netting on random obligations', () => {
    fc.assert(
      fc.property(obligationsArbitrary({ currencies: ['USD', 'KES'] }), (obligations) => {
        const codes = ['A', 'B', 'C', 'D', 'E'];
        const currencies = [USD, KES];
        const batch: PaymentBatch = {
          count: obligations.length,
          sender: Int32Array.from(obligations, (o) => codes.indexOf(o.debtor)),
          receiver: Int32Array.from(obligations, (o) => codes.indexOf(o.creditor)),
          currency: Uint8Array.from(obligations, (o) => currencies.findIndex((c) => c.code === o.currency)),
          amount: Float64Array.from(obligations, (o) => Number(toMinorUnits(o.amount, o.currency))),
          arrival: new Float64Array(obligations.length),
        };
        const fast = multilateralPositions(batch, codes.length, currencies.length);
        const expected = new Map(multilateralNetPositions(obligations).map((p) => [`${p.currency}/${p.party}`, p.net.toFixed()]));
        currencies.forEach(({ code }, c) =>
          codes.forEach((party, i) => {
            expect(fromMinorUnits(BigInt(fast[c * codes.length + i]!), code).toFixed()).toBe(expected.get(`${code}/${party}`) ?? '0');
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a gross value past 2^53 minor units', () => {
    const huge = { ...WORKED, amount: Float64Array.of(Number.MAX_SAFE_INTEGER, 150, 175) };
    expect(domainErrorOf(() => multilateralPositions(huge, 3, 1)).code).toBe('amount_too_large');
  });
});

describe('lowerAndUpperBounds', () => {
  it('bounds the worked example: LB = max(0, −N) = 25, 0, 25; UB = deepest running debit = 200, 0, 25', () => {
    // Settled on arrival: A −200 (then −25), B +200 then +50, C +150 then −25.
    const [usd, kes] = lowerAndUpperBounds({ parties: parties('A', 'B', 'C'), currencies: [USD, KES], payments: WORKED });
    expect(usd!.currency).toBe('USD');
    expect(Array.from(usd!.lb)).toEqual([25, 0, 25]);
    expect(Array.from(usd!.ub)).toEqual([200, 0, 25]);
    expect(kes).toEqual({ currency: 'KES', lb: new Float64Array(3), ub: new Float64Array(3) });
  });
});

describe('liquidityAt', () => {
  const bounds = [{ currency: 'USD', lb: Float64Array.of(0, 10, 25), ub: Float64Array.of(30, 10, 50) }];

  it('runs from LB at α = 0 to UB at α = 1', () => {
    expect(Array.from(liquidityAt(0, bounds)[0]!)).toEqual([0, 10, 25]);
    expect(Array.from(liquidityAt(1, bounds)[0]!)).toEqual([30, 10, 50]);
  });

  it('reads α as the decimal it prints as and rounds up to a whole minor unit', () => {
    // 0.1 × 30 = 3 exactly (the double 0.1 × 30 is 3.0000000000000004); 0.5 × 25 = 12.5 → 13
    expect(Array.from(liquidityAt(0.1, bounds)[0]!)).toEqual([3, 10, 28]);
    expect(Array.from(liquidityAt(0.5, bounds)[0]!)).toEqual([15, 10, 38]);
  });

  it('refuses a negative or infinite α', () => {
    expect(domainErrorOf(() => liquidityAt(-0.5, bounds))).toMatchObject({ code: 'invalid_liquidity_level', field: 'alpha' });
    expect(domainErrorOf(() => liquidityAt(Infinity, bounds)).code).toBe('invalid_liquidity_level');
  });
});
