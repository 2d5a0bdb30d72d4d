import { domainErrorOf } from '../test-support';
import type { Currency, PartySpec, PaymentBatch } from '../workload/payment-batch';
import { ruleLabel } from './rule-label';
import { simulate } from './simulate';
import type { LiquiditySpec, Rule, SimulationInput, SimulationResult } from './types';

const USD: Currency = { code: 'USD', scale: 2 };
const KES: Currency = { code: 'KES', scale: 2 };
const PARTIES: PartySpec[] = ['A', 'B', 'C', 'D'].map((code) => ({ code, currency: 'USD', tier: 'core' }));
const index = (code: string) => PARTIES.findIndex((party) => party.code === code);

/** Payments as [sender, receiver, amount in minor units, arrival second, currency index]. */
type Row = [from: string, to: string, amount: number, arrival: number, currency?: number];

function batch(rows: Row[]): PaymentBatch {
  return {
    count: rows.length,
    sender: Int32Array.from(rows, ([from]) => index(from)),
    receiver: Int32Array.from(rows, ([, to]) => index(to)),
    currency: Uint8Array.from(rows, ([, , , , currency]) => currency ?? 0),
    amount: Float64Array.from(rows, ([, , amount]) => amount),
    arrival: Float64Array.from(rows, ([, , , arrival]) => arrival),
  };
}

/** Opening balances by party code, one object per currency. */
function opening(...perCurrency: Record<string, number>[]): Float64Array[] {
  return perCurrency.map((balances) => Float64Array.from(PARTIES, ({ code }) => balances[code] ?? 0));
}

function run(rule: Rule, rows: Row[], liquidity: LiquiditySpec, more: Partial<SimulationInput> = {}): SimulationResult {
  return simulate({ parties: PARTIES, currencies: [USD], payments: batch(rows), liquidity, rule, dayLengthSeconds: 100, ...more });
}

/** Each party's net (received − sent) in a currency, by code. */
function nets(result: SimulationResult, currency = 'USD'): Record<string, number> {
  return Object.fromEntries(result.finalPositions.filter((row) => row.currency === currency).map((row) => [row.party, row.net]));
}

const settledAt = (result: SimulationResult) => Array.from(result.settledAt, (t) => (Number.isNaN(t) ? null : t));

/** DESIGN.md worked example: A→B 200, B→C 150, C→A 175, arriving at seconds 1, 2, 3. */
const WORKED: Row[] = [
  ['A', 'B', 200, 1],
  ['B', 'C', 150, 2],
  ['C', 'A', 175, 3],
];
const WORKED_OPENING = opening({ A: 25, B: 0, C: 25 });

describe('gross settlement (RTGS)', () => {
  it('gridlocks the worked example under strict FIFO with A = C = 25, B = 0', () => {
    // A 25 < 200, B 0 < 150, C 25 < 175: each waits for a payment stuck behind another.
    const result = run({ kind: 'gross', queue: 'fifo' }, WORKED, { opening: WORKED_OPENING });
    expect(settledAt(result)).toEqual([null, null, null]);
    expect(nets(result)).toEqual({ A: 0, B: 0, C: 0, D: 0 });
    expect(result.metrics[0]).toMatchObject({
      settledCount: 0,
      unsettledCount: 3,
      unsettledValue: 525,
      queuedShare: 1,
      delayIndicator: 1,
      liquidityUsed: 0,
    });
    // queue: 200 on [1, 2), 350 on [2, 3), 525 on [3, 100]: (200 + 350 + 525 × 97) / 100
    expect(result.metrics[0]!.queueValueMax).toBe(525);
    expect(result.metrics[0]!.queueValueTimeAverage).toBeCloseTo(514.75, 10);
  });

  it('settles each payment on arrival when the sender can pay, with no delay', () => {
    // A 200 → A 0, B 200; B pays 150 → B 50, C 175; C pays 175 → C 0, A 175.
    const result = run({ kind: 'gross', queue: 'fifo' }, WORKED, { opening: opening({ A: 200, C: 25 }) });
    expect(settledAt(result)).toEqual([1, 2, 3]);
    expect(nets(result)).toEqual({ A: -25, B: 50, C: -25, D: 0 });
    expect(result.metrics[0]).toMatchObject({ delayIndicator: 0, queuedShare: 0, queueValueMax: 0 });
    // largest net debits reached: A 200 (after paying, before C's 175 came), C 25 → 225 = ΣUB
    expect(result.metrics[0]).toMatchObject({ liquidityUsed: 225, upperBoundLiquidity: 225, lowerBoundLiquidity: 50 });
  });

  const BLOCKED_HEAD: Row[] = [
    ['A', 'B', 150, 1],
    ['A', 'C', 50, 2],
    ['B', 'A', 60, 3],
  ];

  it('keeps a later payment behind a blocked head under FIFO', () => {
    // A 100 < 150 queues; A→C 50 would fit but waits behind it. B pays A 60 → A 160 ≥ 150 → the head
    // settles at 3 (A 10); A→C 50 > 10 stays queued to the end.
    const result = run({ kind: 'gross', queue: 'fifo' }, BLOCKED_HEAD, { opening: opening({ A: 100, B: 60 }) });
    expect(settledAt(result)).toEqual([3, null, 3]);
  });

  it('lets a later payment that fits overtake a blocked head under bypass-FIFO', () => {
    // A→C 50 settles on arrival (A 50); B pays A 60 → A 110 < 150: the head still waits.
    const result = run({ kind: 'gross', queue: 'bypass-fifo' }, BLOCKED_HEAD, { opening: opening({ A: 100, B: 60 }) });
    expect(settledAt(result)).toEqual([null, 2, 3]);
  });

  it('releases a chain of queued payments at the instant funds arrive', () => {
    // B→C 80 and C→A 50 queue (B, C hold 0). At 3, A pays B 100: B pays C 80, C pays A 50, all at 3.
    const rows: Row[] = [
      ['B', 'C', 80, 1],
      ['C', 'A', 50, 2],
      ['A', 'B', 100, 3],
    ];
    const result = run({ kind: 'gross', queue: 'fifo' }, rows, { opening: opening({ A: 100 }) });
    expect(settledAt(result)).toEqual([3, 3, 3]);
    expect(nets(result)).toEqual({ A: -50, B: 20, C: 30, D: 0 });
  });

  it('pays on a credit line down to −credit, and never past the net debit cap', () => {
    // A has 0 and a 100 credit line: floor −100, so A→B 100 settles and A→B 1 then cannot.
    const credit = run(
      { kind: 'gross', queue: 'fifo' },
      [
        ['A', 'B', 100, 1],
        ['A', 'B', 1, 2],
      ],
      { opening: opening({}), credit: opening({ A: 100 }) },
    );
    expect(settledAt(credit)).toEqual([1, null]);
    // A has 500 but a cap of 100: floor 500 − 100 = 400, so 150 waits while 100 (bypassing) settles.
    const capped = run(
      { kind: 'gross', queue: 'bypass-fifo' },
      [
        ['A', 'B', 150, 1],
        ['A', 'B', 100, 2],
      ],
      {
        opening: opening({ A: 500 }),
        netDebitCap: [Float64Array.of(100, Infinity, Infinity, Infinity)],
      },
    );
    expect(settledAt(capped)).toEqual([null, 2]);
  });
});

describe('liquidity-saving mechanism', () => {
  const LSM: Rule = { kind: 'lsm', queue: 'fifo', offsetEverySeconds: 10, gridlock: 'fifo-exact' };

  it('settles the whole worked example at the first round, ending A 0, B 50, C 0', () => {
    const result = run(LSM, WORKED, { opening: WORKED_OPENING });
    expect(settledAt(result)).toEqual([10, 10, 10]);
    // positions −25, +50, −25 on openings 25, 0, 25
    expect(nets(result)).toEqual({ A: -25, B: 50, C: -25, D: 0 });
    const metrics = result.metrics[0]!;
    expect(metrics).toMatchObject({
      gridlocksResolved: 1,
      settledValue: 525,
      liquidityUsed: 50,
      liquidityEfficiency: 525 / 50,
      queuedShare: 1,
    });
    // ρ = (200 × 9 + 150 × 8 + 175 × 7) / (200 × 99 + 150 × 98 + 175 × 97) = 4225 / 51475
    expect(metrics.delayIndicator).toBeCloseTo(4225 / 51475, 12);
    // queue 200 on [1, 2), 350 on [2, 3), 525 on [3, 10): 4225 / 100
    expect(metrics.queueValueTimeAverage).toBeCloseTo(42.25, 10);
  });

  it('offsets two queue heads owed to each other when both stay above their floors', () => {
    // A→B 100 (A has 10), B→A 90 (B has 0): both queue. At 10 the pair nets to A paying 10: A 0, B 10.
    const result = run(
      LSM,
      [
        ['A', 'B', 100, 1],
        ['B', 'A', 90, 2],
      ],
      { opening: opening({ A: 10 }) },
    );
    expect(settledAt(result)).toEqual([10, 10]);
    expect(nets(result)).toEqual({ A: -10, B: 10, C: 0, D: 0 });
  });

  const BLOCKED_PAIR: Row[] = [
    ['A', 'B', 100, 1],
    ['A', 'C', 10, 2],
    ['C', 'A', 10, 3],
  ];

  it('keeps queue order under fifo-exact, so a blocked head also blocks a pair that could net out', () => {
    // A 0 − 110 + 10 short → drop A→C 10 → C 0 − 10 short → drop C→A 10 → A short 100 → drop A→B 100.
    expect(settledAt(run(LSM, BLOCKED_PAIR, { opening: opening({}) }))).toEqual([null, null, null]);
  });

  it('settles around a blocked head with the greedy-value heuristic', () => {
    // A short 100 → take out A→B 100; A 0 − 10 + 10 = 0, C 0 − 10 + 10 = 0: the pair settles at 10.
    const result = run({ ...LSM, queue: 'bypass-fifo', gridlock: 'greedy-value' }, BLOCKED_PAIR, { opening: opening({}) });
    expect(settledAt(result)).toEqual([null, 10, 10]);
  });

  it('runs no round before its time: a payment arriving at 10 joins the round at 10', () => {
    const result = run(
      LSM,
      [
        ['A', 'B', 200, 10],
        ['B', 'C', 150, 10],
        ['C', 'A', 175, 10],
      ],
      { opening: WORKED_OPENING },
    );
    expect(settledAt(result)).toEqual([10, 10, 10]);
  });
});

describe('multilateral netting (DNS)', () => {
  const DNS = (shortfall: 'unwind' | 'carry-over' | 'largest-feasible', cycleSeconds = 50): Rule => ({
    kind: 'multilateral',
    cycleSeconds,
    shortfall,
  });

  it('settles the worked example at the close with positions −25, +50, −25', () => {
    const result = run(DNS('unwind'), WORKED, { opening: WORKED_OPENING });
    expect(settledAt(result)).toEqual([50, 50, 50]);
    expect(nets(result)).toEqual({ A: -25, B: 50, C: -25, D: 0 });
    expect(result.metrics[0]).toMatchObject({ gross: 525, bilateralNet: 525, multilateralNet: 50, liquidityUsed: 50, queuedShare: 0 });
    expect(result.metrics[0]!.nettingEfficiency).toBeCloseTo(1 - 50 / 525, 12);
  });

  it('unwinds the payments of a debtor that cannot cover its net debit, the others settle', () => {
    // A→B 100 and B→A 100 offset; D→C 80 leaves D at −80 with 30: shortfall 50 → D→C unwinds.
    const rows: Row[] = [
      ['A', 'B', 100, 1],
      ['B', 'A', 100, 2],
      ['D', 'C', 80, 3],
    ];
    const result = run(DNS('unwind'), rows, { opening: opening({ D: 30 }) });
    expect(settledAt(result)).toEqual([50, 50, null]);
    expect(result.metrics[0]).toMatchObject({ unwoundCount: 1, carriedOverCount: 0, unsettledValue: 80 });
  });

  it('lets one default cascade: C short 25, then A short 175, then B short 150', () => {
    // A 25, B 0, C 0. C −25 vs 0 → C→A unwinds; A then −200 vs 25 → A→B; B then −150 vs 0 → B→C.
    const result = run(DNS('unwind'), WORKED, { opening: opening({ A: 25 }) });
    expect(settledAt(result)).toEqual([null, null, null]);
    expect(result.metrics[0]!.unwoundCount).toBe(3);
  });

  it('carries a short debtor’s payments to the next cycle, where an incoming payment covers them', () => {
    // Cycle 1 (close 50): D −80 vs 30 → carried. Cycle 2 (close 100): D −80 + 50 = −30 vs 30 → settles.
    const result = run(
      DNS('carry-over'),
      [
        ['D', 'C', 80, 1],
        ['C', 'D', 50, 60],
      ],
      { opening: opening({ C: 50, D: 30 }) },
    );
    expect(settledAt(result)).toEqual([100, 100]);
    expect(result.metrics[0]).toMatchObject({ carriedOverCount: 1, queuedShare: 0.5, unsettledCount: 0 });
  });

  it('leaves carried payments unsettled at the end of the day', () => {
    const result = run(DNS('carry-over'), [['D', 'C', 80, 1]], { opening: opening({ D: 30 }) });
    expect(settledAt(result)).toEqual([null]);
    expect(result.metrics[0]).toMatchObject({ carriedOverCount: 1, unsettledValue: 80, delayIndicator: 1 });
  });

  it('settles the longest affordable prefix of each sender under largest-feasible and carries the rest', () => {
    // A has 100: A→B 60 fits, 60 + 50 = 110 does not → 60 settles at 50, 50 carried. At 100, after B→A 20:
    // A 40 − 50 + 20 = 10 ≥ 0 → both settle.
    const rows: Row[] = [
      ['A', 'B', 60, 1],
      ['A', 'B', 50, 2],
      ['B', 'A', 20, 70],
    ];
    const result = run(DNS('largest-feasible'), rows, { opening: opening({ A: 100 }) });
    expect(settledAt(result)).toEqual([50, 100, 100]);
    expect(result.metrics[0]!.carriedOverCount).toBe(1);
  });

  it('closes the last cycle at the end of the day even when it is not a whole cycle', () => {
    const result = run(DNS('unwind', 60), [['A', 'B', 10, 70]], { opening: opening({ A: 10 }) });
    expect(settledAt(result)).toEqual([100]);
  });
});

describe('bilateral netting', () => {
  const BILATERAL = (shortfall: 'unwind' | 'carry-over' | 'largest-feasible'): Rule => ({ kind: 'bilateral', cycleSeconds: 50, shortfall });

  it('settles each pair’s net at the close', () => {
    // A→B 100 + 20, B→A 30: A pays B 120 − 30 = 90, which A's 90 covers.
    const rows: Row[] = [
      ['A', 'B', 100, 1],
      ['B', 'A', 30, 2],
      ['A', 'B', 20, 3],
    ];
    const result = run(BILATERAL('unwind'), rows, { opening: opening({ A: 90 }) });
    expect(settledAt(result)).toEqual([50, 50, 50]);
    expect(nets(result)).toEqual({ A: -90, B: 90, C: 0, D: 0 });
    expect(result.metrics[0]).toMatchObject({ bilateralNet: 90, liquidityUsed: 90 });
  });

  it('needs each bilateral net debit paid in before credits arrive, so the worked example unwinds', () => {
    // Pair nets are the gross payments: A must pay in 200 with 25, B 150 with 0, C 175 with 25.
    // Largest shortfall A (175) → A→B out; then B 150 vs 0 and C 150 vs 25 tie at 150 → B first; then C.
    const result = run(BILATERAL('unwind'), WORKED, { opening: WORKED_OPENING });
    expect(settledAt(result)).toEqual([null, null, null]);
    expect(result.metrics[0]!.unwoundCount).toBe(3);
  });

  it('counts the dip before credits arrive as liquidity used', () => {
    // Worked example with A 200, B 150, C 175: each pays in its bilateral net debit before being paid.
    const result = run(BILATERAL('unwind'), WORKED, { opening: opening({ A: 200, B: 150, C: 175 }) });
    expect(settledAt(result)).toEqual([50, 50, 50]);
    expect(result.metrics[0]!.liquidityUsed).toBe(525);
  });

  it('keeps the longest affordable prefix of bilateral payments under largest-feasible', () => {
    // A has 60 and owes B 50, then C 100: 150 > 60 → A→C 100 carried; A→B 50 settles.
    const result = run(
      BILATERAL('largest-feasible'),
      [
        ['A', 'B', 50, 1],
        ['A', 'C', 100, 2],
      ],
      { opening: opening({ A: 60 }) },
    );
    expect(settledAt(result)).toEqual([50, null]);
    expect(result.metrics[0]!.carriedOverCount).toBe(1);
  });
});

describe('currencies', () => {
  const DNS: Rule = { kind: 'multilateral', cycleSeconds: 100, shortfall: 'unwind' };

  it('nets each currency on its own accounts (CLS-style), one metrics row per currency', () => {
    // USD: A→B 100 covered by A's 100. KES: A→B 500 with no KES for A → unwinds; USD is unaffected.
    const result = run(
      DNS,
      [
        ['A', 'B', 100, 1, 0],
        ['A', 'B', 500, 2, 1],
      ],
      { opening: opening({ A: 100 }, {}) },
      { currencies: [USD, KES] },
    );
    expect(result.metrics.map((m) => [m.currency, m.settledCount, m.unwoundCount])).toEqual([
      ['USD', 1, 0],
      ['KES', 0, 1],
    ]);
    expect(settledAt(result)).toEqual([100, null]);
    expect(result.queueSeriesByCurrency.map((series) => series.currency)).toEqual(['USD', 'KES']);
  });

  it('nets everything in the settlement currency after converting at the rates', () => {
    // 100 KES per USD: B→A 100.00 KES = 1.00 USD (100 cents), so A owes B 150 − 100 = 50 cents net.
    const result = run(
      DNS,
      [
        ['A', 'B', 150, 1, 0],
        ['B', 'A', 10000, 2, 1],
      ],
      { opening: opening({ A: 50 }, {}) },
      {
        currencies: [USD, KES],
        settlementCurrency: 0,
        ratesPerAsset: { KES: '100' },
      },
    );
    expect(settledAt(result)).toEqual([100, 100]);
    expect(result.metrics.map((m) => [m.currency, m.gross, m.multilateralNet])).toEqual([['USD', 250, 50]]);
    expect(nets(result)).toEqual({ A: -50, B: 50, C: 0, D: 0 });
  });

  it('refuses to net in a settlement currency without the rates it needs', () => {
    const error = domainErrorOf(() =>
      run(
        DNS,
        [['A', 'B', 150, 1, 1]],
        { opening: opening({}, {}) },
        { currencies: [USD, KES, { code: 'NGN', scale: 2 }], settlementCurrency: 0 },
      ),
    );
    expect(error).toMatchObject({ code: 'fx_rate_unavailable', field: 'ratesPerAsset.KES' });
  });
});

describe('input checks', () => {
  const GROSS: Rule = { kind: 'gross', queue: 'fifo' };

  it.each<[string, () => unknown, string]>([
    ['a payment to oneself', () => run(GROSS, [['A', 'A', 1, 1]], { opening: opening({}) }), 'payments.receiver[0]'],
    ['a fractional amount', () => run(GROSS, [['A', 'B', 1.5, 1]], { opening: opening({}) }), 'payments.amount[0]'],
    [
      'arrivals out of order',
      () =>
        run(
          GROSS,
          [
            ['A', 'B', 1, 5],
            ['A', 'B', 1, 4],
          ],
          { opening: opening({}) },
        ),
      'payments.arrival[1]',
    ],
    ['an arrival after the day', () => run(GROSS, [['A', 'B', 1, 101]], { opening: opening({}) }), 'payments.arrival[0]'],
    [
      'a cycle of zero seconds',
      () => run({ kind: 'multilateral', cycleSeconds: 0, shortfall: 'unwind' }, [], { opening: opening({}) }),
      'rule.cycleSeconds',
    ],
    [
      'an unknown gridlock resolver',
      () => run({ ...GROSS, kind: 'lsm', offsetEverySeconds: 5, gridlock: 'magic' } as unknown as Rule, [], { opening: opening({}) }),
      'rule.gridlock',
    ],
    ['a negative opening balance', () => run(GROSS, [['A', 'B', 1, 1]], { opening: opening({ B: -1 }) }), 'liquidity.opening[0][1]'],
    [
      'no balances for a currency with payments',
      () => run(GROSS, [['A', 'B', 1, 1, 1]], { opening: opening({}) }, { currencies: [USD, KES] }),
      'liquidity.opening[1]',
    ],
  ])('refuses %s, naming the field', (_, action, field) => {
    expect(domainErrorOf(action)).toMatchObject({ code: 'invalid_simulation', field });
  });

  it('refuses totals past 2^53 minor units, where sums stop being exact', () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    expect(
      domainErrorOf(() =>
        run(
          GROSS,
          [
            ['A', 'B', big, 1],
            ['B', 'A', big, 2],
          ],
          { opening: opening({}) },
        ),
      ).code,
    ).toBe('amount_too_large');
  });
});

describe('reporting', () => {
  it('reports progress from 0 to 1, never backwards', () => {
    const seen: number[] = [];
    simulate(
      {
        parties: PARTIES,
        currencies: [USD],
        payments: batch(WORKED),
        liquidity: { opening: WORKED_OPENING },
        rule: { kind: 'gross', queue: 'fifo' },
        dayLengthSeconds: 100,
      },
      (f) => seen.push(f),
    );
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((fraction, at) => fraction >= 0 && fraction <= 1 && (at === 0 || fraction >= seen[at - 1]!))).toBe(true);
  });

  it('samples the queue at 500 times from 0 to T', () => {
    const { queueSeries } = run({ kind: 'gross', queue: 'fifo' }, WORKED, { opening: WORKED_OPENING });
    expect(queueSeries).toHaveLength(500);
    expect(queueSeries[0]).toEqual({ t: 0, value: 0, count: 0 });
    expect(queueSeries.at(-1)).toEqual({ t: 100, value: 525, count: 3 });
  });

  it.each<[Rule, string]>([
    [{ kind: 'gross', queue: 'bypass-fifo' }, 'Gross RTGS (bypass FIFO)'],
    [{ kind: 'bilateral', cycleSeconds: 600, shortfall: 'carry-over' }, 'Bilateral netting (every 10 min, carry-over)'],
    [{ kind: 'multilateral', cycleSeconds: 3600, shortfall: 'unwind' }, 'Multilateral DNS (every 1 h, unwind)'],
    [{ kind: 'lsm', queue: 'fifo', offsetEverySeconds: 90, gridlock: 'fifo-exact' }, 'LSM (FIFO, exact gridlock, every 90 s)'],
  ])('labels %j as %s', (rule, label) => {
    expect(ruleLabel(rule)).toBe(label);
  });
});
