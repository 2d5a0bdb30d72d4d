import fc from 'fast-check';
import { fromMinorUnits } from '../money/amount';
import { settleWithUnwind } from '../netting/unwind';
import type { Currency, PartySpec, PaymentBatch } from '../workload/payment-batch';
import { liquidityAt, lowerAndUpperBounds } from './day-flows';
import { simulate } from './simulate';
import type { Rule, SimulationInput } from './types';

const DAY = 100;
const CURRENCIES: Currency[] = [
  { code: 'USD', scale: 2 },
  { code: 'KES', scale: 2 },
];
const CODES = ['A', 'B', 'C', 'D', 'E'];

interface Day {
  input: SimulationInput;
  /** per currency, per party: the lowest balance allowed */
  floors: number[][];
}

/** Random small days: 2–5 parties, 1–2 currencies, up to 30 payments, scarce liquidity, some credit and caps. */
const dayArbitrary: fc.Arbitrary<Day> = fc
  .record({ parties: fc.integer({ min: 2, max: 5 }), currencies: fc.integer({ min: 1, max: 2 }) })
  .chain(({ parties, currencies }) => {
    const perParty = <T>(value: fc.Arbitrary<T>) =>
      fc.array(fc.array(value, { minLength: parties, maxLength: parties }), { minLength: currencies, maxLength: currencies });
    return fc.record({
      parties: fc.constant(parties),
      currencies: fc.constant(currencies),
      payments: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: parties - 1 }),
          offset: fc.integer({ min: 1, max: parties - 1 }),
          amount: fc.integer({ min: 1, max: 100 }),
          arrival: fc.integer({ min: 0, max: DAY }),
          currency: fc.integer({ min: 0, max: currencies - 1 }),
        }),
        { maxLength: 30 },
      ),
      opening: perParty(fc.integer({ min: 0, max: 150 })),
      credit: fc.option(perParty(fc.integer({ min: 0, max: 50 })), { nil: undefined }),
      cap: fc.option(perParty(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(Infinity))), { nil: undefined }),
    });
  })
  .map(({ parties, currencies, payments, opening, credit, cap }) => {
    const rows = [...payments].sort((a, b) => a.arrival - b.arrival);
    const payments_: PaymentBatch = {
      count: rows.length,
      sender: Int32Array.from(rows, (row) => row.from),
      receiver: Int32Array.from(rows, (row) => (row.from + row.offset) % parties),
      currency: Uint8Array.from(rows, (row) => row.currency),
      amount: Float64Array.from(rows, (row) => row.amount),
      arrival: Float64Array.from(rows, (row) => row.arrival),
    };
    const partySpecs: PartySpec[] = CODES.slice(0, parties).map((code) => ({ code, currency: 'USD', tier: 'core' }));
    const floors = opening.map((row, c) =>
      row.map((balance, i) => Math.max(-(credit?.[c]?.[i] ?? 0), balance - (cap?.[c]?.[i] ?? Infinity))),
    );
    const input: SimulationInput = {
      parties: partySpecs,
      currencies: CURRENCIES.slice(0, currencies),
      payments: payments_,
      liquidity: {
        opening: opening.map((row) => Float64Array.from(row)),
        credit: credit?.map((row) => Float64Array.from(row)),
        netDebitCap: cap?.map((row) => Float64Array.from(row)),
      },
      rule: { kind: 'gross', queue: 'fifo' },
      dayLengthSeconds: DAY,
    };
    return { input, floors };
  });

const ruleArbitrary: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({ kind: fc.constant('gross' as const), queue: fc.constantFrom('fifo' as const, 'bypass-fifo' as const) }),
  fc.record({
    kind: fc.constantFrom('bilateral' as const, 'multilateral' as const),
    cycleSeconds: fc.constantFrom(10, 25, 40, 100, 150),
    shortfall: fc.constantFrom('unwind' as const, 'carry-over' as const, 'largest-feasible' as const),
  }),
  fc.record({
    kind: fc.constant('lsm' as const),
    queue: fc.constantFrom('fifo' as const, 'bypass-fifo' as const),
    offsetEverySeconds: fc.constantFrom(5, 20, 35, 100),
    gridlock: fc.constantFrom('fifo-exact' as const, 'greedy-value' as const),
  }),
);

/** Payments of one currency settled at each instant, in time order. */
function settlementsByTime(input: SimulationInput, settledAt: Float64Array, currency: number): number[][] {
  const byTime = new Map<number, number[]>();
  for (let k = 0; k < input.payments.count; k++) {
    if (input.payments.currency[k] !== currency || Number.isNaN(settledAt[k]!)) continue;
    byTime.set(settledAt[k]!, [...(byTime.get(settledAt[k]!) ?? []), k]);
  }
  return [...byTime.keys()].sort((a, b) => a - b).map((t) => byTime.get(t)!);
}

describe('simulate — invariants on random days', () => {
  it('never lets a party below its floor, positions sum to zero, nothing settles before it arrives', () => {
    fc.assert(
      fc.property(dayArbitrary, ruleArbitrary, ({ input: base, floors }, rule) => {
        const input = { ...base, rule };
        const result = simulate(input);
        const { sender, receiver, amount, arrival } = input.payments;
        input.currencies.forEach(({ code }, c) => {
          const balance = Array.from(input.liquidity.opening[c]!);
          for (const group of settlementsByTime(input, result.settledAt, c)) {
            if (rule.kind === 'bilateral') {
              // pay-ins first: each party must cover Σ of its bilateral net debits before being paid
              const owed = new Map<string, number>();
              for (const k of group) owed.set(`${sender[k]}>${receiver[k]}`, (owed.get(`${sender[k]}>${receiver[k]}`) ?? 0) + amount[k]!);
              balance.forEach((held, party) => {
                let payIn = 0;
                for (let other = 0; other < balance.length; other++) {
                  payIn += Math.max(0, (owed.get(`${party}>${other}`) ?? 0) - (owed.get(`${other}>${party}`) ?? 0));
                }
                expect(held - payIn).toBeGreaterThanOrEqual(floors[c]![party]!);
              });
            }
            for (const k of group) {
              expect(result.settledAt[k]).toBeGreaterThanOrEqual(arrival[k]!);
              expect(result.settledAt[k]).toBeLessThanOrEqual(DAY);
              balance[sender[k]!]! -= amount[k]!;
              balance[receiver[k]!]! += amount[k]!;
            }
            balance.forEach((held, party) => expect(held).toBeGreaterThanOrEqual(floors[c]![party]!));
          }
          const positions = result.finalPositions.filter((row) => row.currency === code);
          if (positions.length === 0) return;
          expect(positions.map((row) => row.net)).toEqual(balance.map((held, party) => held - input.liquidity.opening[c]![party]!));
          expect(positions.reduce((sum, row) => sum + row.net, 0)).toBe(0);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('accounts for every payment and keeps the ratios within 0…1', () => {
    fc.assert(
      fc.property(dayArbitrary, ruleArbitrary, ({ input: base }, rule) => {
        const input = { ...base, rule };
        const result = simulate(input);
        for (const metrics of result.metrics) {
          const c = input.currencies.findIndex((currency) => currency.code === metrics.currency);
          const count = input.payments.currency.filter((currency) => currency === c).length;
          expect(metrics.settledCount + metrics.unsettledCount).toBe(count);
          expect(metrics.settledValue + metrics.unsettledValue).toBe(metrics.gross);
          for (const ratio of [metrics.delayIndicator, metrics.queuedShare, metrics.nettingEfficiency, metrics.bilateralEfficiency]) {
            expect(ratio).toBeGreaterThanOrEqual(0);
            expect(ratio).toBeLessThanOrEqual(1);
          }
          // M ≤ BN ≤ G and LB ≤ UB
          expect(metrics.multilateralNet).toBeLessThanOrEqual(metrics.bilateralNet);
          expect(metrics.bilateralNet).toBeLessThanOrEqual(metrics.gross);
          expect(metrics.lowerBoundLiquidity).toBeLessThanOrEqual(metrics.upperBoundLiquidity);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for the same input', () => {
    fc.assert(
      fc.property(dayArbitrary, ruleArbitrary, ({ input: base }, rule) => {
        const input = { ...base, rule };
        const { elapsedMs: _first, ...first } = simulate(input);
        const { elapsedMs: _second, ...second } = simulate(input);
        expect(second).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});

describe('simulate — liquidity bounds', () => {
  const withLiquidity = (day: Day, alpha: number, rule: Rule): SimulationInput => ({
    ...day.input,
    liquidity: { opening: liquidityAt(alpha, lowerAndUpperBounds(day.input)) },
    rule,
  });

  it('settles every payment on arrival under gross settlement with opening balances at UB', () => {
    fc.assert(
      fc.property(dayArbitrary, fc.constantFrom('fifo' as const, 'bypass-fifo' as const), (day, queue) => {
        const result = simulate(withLiquidity(day, 1, { kind: 'gross', queue }));
        expect(Array.from(result.settledAt)).toEqual(Array.from(day.input.payments.arrival));
      }),
      { numRuns: 200 },
    );
  });

  it('settles everything in one multilateral cycle with opening balances at LB', () => {
    fc.assert(
      fc.property(dayArbitrary, (day) => {
        const result = simulate(withLiquidity(day, 0, { kind: 'multilateral', cycleSeconds: DAY, shortfall: 'unwind' }));
        expect(result.metrics.every((m) => m.unsettledCount === 0 && m.liquidityUsed === m.lowerBoundLiquidity)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never needs more liquidity under multilateral netting, in any cycles, than gross settlement’s upper bound', () => {
    fc.assert(
      fc.property(dayArbitrary, fc.constantFrom(10, 25, 40, 100), (day, cycleSeconds) => {
        const result = simulate(withLiquidity(day, 1, { kind: 'multilateral', cycleSeconds, shortfall: 'unwind' }));
        for (const m of result.metrics) {
          expect(m.unsettledCount).toBe(0);
          expect(m.liquidityUsed).toBeGreaterThanOrEqual(m.lowerBoundLiquidity);
          expect(m.liquidityUsed).toBeLessThanOrEqual(m.upperBoundLiquidity);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('simulate — agreement with the live netting core', () => {
  // One currency: the live unwind drops a defaulter's payments in every currency, the engine nets each
  // currency as its own system (CLS-style).
  it('unwinds the same payments as settleWithUnwind in a one-cycle, one-currency DNS window', () => {
    fc.assert(
      fc.property(dayArbitrary, ({ input: base }) => {
        const input: SimulationInput = {
          ...base,
          currencies: [CURRENCIES[0]!],
          payments: { ...base.payments, currency: new Uint8Array(base.payments.count) },
          liquidity: { opening: [base.liquidity.opening[0]!] },
          rule: { kind: 'multilateral', cycleSeconds: DAY, shortfall: 'unwind' },
        };
        const result = simulate(input);
        const { sender, receiver, currency, amount, count } = input.payments;
        const obligations = Array.from({ length: count }, (_, k) => ({
          id: `p${k}`,
          reference: `p${k}`,
          debtor: CODES[sender[k]!]!,
          creditor: CODES[receiver[k]!]!,
          currency: CURRENCIES[currency[k]!]!.code,
          amount: fromMinorUnits(BigInt(amount[k]!), CURRENCIES[currency[k]!]!.code),
        }));
        const limits = input.currencies.flatMap(({ code }, c) =>
          input.parties.map((party, i) => ({
            party: party.code,
            currency: code,
            available: fromMinorUnits(BigInt(input.liquidity.opening[c]![i]!), code),
          })),
        );
        const live = settleWithUnwind(obligations, limits);
        expect(Array.from(result.settledAt, (t, k) => (Number.isNaN(t) ? null : `p${k}`)).filter(Boolean)).toEqual(
          live.settled.map((o) => o.id),
        );
      }),
      { numRuns: 300 },
    );
  });
});
