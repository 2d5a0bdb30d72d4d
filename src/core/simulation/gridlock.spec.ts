import fc from 'fast-check';
import { type GridlockResolver, fifoExactGridlock, greedyValueGridlock } from './gridlock';
import { PaymentQueues } from './payment-queues';

/** A queued state: queues[i] lists sender i's payments in queue order as [receiver, amount]. */
interface Gridlock {
  headroom: number[];
  queues: [receiver: number, amount: number][][];
}

function build({ headroom, queues }: Gridlock) {
  const rows = queues.flatMap((queue, sender) => queue.map(([receiver, amount]) => ({ sender, receiver, amount })));
  const sender = Int32Array.from(rows, (row) => row.sender);
  const receiver = Int32Array.from(rows, (row) => row.receiver);
  const amount = Float64Array.from(rows, (row) => row.amount);
  const paymentQueues = new PaymentQueues(headroom.length, rows.length, sender, amount);
  rows.forEach((_, payment) => paymentQueues.push(payment));
  return { paymentQueues, sender, receiver, amount, headroom: Float64Array.from(headroom) };
}

function resolve(resolver: GridlockResolver, gridlock: Gridlock): number[] {
  const { paymentQueues, receiver, amount, headroom } = build(gridlock);
  return [...resolver(paymentQueues, receiver, amount, headroom)].sort((a, b) => a - b);
}

/** Is every party's B_i − S_i(X) + R_i(X) ≥ 0? */
function feasible(gridlock: Gridlock, chosen: readonly number[]): boolean {
  const { sender, receiver, amount, headroom } = build(gridlock);
  const position = [...headroom];
  for (const payment of chosen) {
    position[sender[payment]!]! -= amount[payment]!;
    position[receiver[payment]!]! += amount[payment]!;
  }
  return position.every((value) => value >= 0);
}

const valueOf = (gridlock: Gridlock, chosen: readonly number[]) =>
  chosen.reduce((sum, payment) => sum + build(gridlock).amount[payment]!, 0);

/** Small random queued states: 2–4 parties, up to 4 queued payments each, scarce liquidity. */
const gridlockArbitrary = (maxPerQueue: number): fc.Arbitrary<Gridlock> =>
  fc.integer({ min: 2, max: 4 }).chain((parties) =>
    fc
      .record({
        headroom: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: parties, maxLength: parties }),
        queues: fc.array(
          fc.array(fc.tuple(fc.integer({ min: 1, max: parties - 1 }), fc.integer({ min: 1, max: 100 })), { maxLength: maxPerQueue }),
          { minLength: parties, maxLength: parties },
        ),
      })
      .map(({ headroom, queues }) => ({
        headroom,
        // a receiver offset of 1…parties−1 never names the sender itself
        queues: queues.map((queue, sender) => queue.map(([offset, amount]): [number, number] => [(sender + offset) % parties, amount])),
      })),
  );

describe('fifoExactGridlock', () => {
  it('settles the DESIGN.md gridlock whole: A 25 − 200 + 175 = 0, B 0 − 150 + 200 = 50, C 25 − 175 + 150 = 0', () => {
    // A→B 200, B→C 150, C→A 175 with A = C = 25, B = 0: nobody can pay alone, together all can.
    const gridlock: Gridlock = { headroom: [25, 0, 25], queues: [[[1, 200]], [[2, 150]], [[0, 175]]] };
    expect(resolve(fifoExactGridlock, gridlock)).toEqual([0, 1, 2]);
  });

  it('takes out the last payment of a short party and follows the damage to its receiver', () => {
    // A queues A→B 100 then A→C 10; C queues C→A 10; A has 0.
    // All in: A 0 − 110 + 10 = −100 → drop A→C 10: A −90, C 0 − 10 + 0 = −10 → drop C→A 10: C 0, A −100
    // → drop A→B 100: A 0. Nothing can settle in queue order.
    const gridlock: Gridlock = {
      headroom: [0, 0, 0],
      queues: [
        [
          [1, 100],
          [2, 10],
        ],
        [],
        [[0, 10]],
      ],
    };
    expect(resolve(fifoExactGridlock, gridlock)).toEqual([]);
  });

  it('finds the best choice of queue prefixes, the one that contains every feasible choice (brute force)', () => {
    fc.assert(
      fc.property(gridlockArbitrary(4), (gridlock) => {
        const chosen = resolve(fifoExactGridlock, gridlock);
        expect(feasible(gridlock, chosen)).toBe(true);
        // payment indexes of each sender's queue, in order
        let next = 0;
        const queueIndexes = gridlock.queues.map((queue) => queue.map(() => next++));
        const lengths = queueIndexes.map((queue) => chosen.filter((payment) => queue.includes(payment)).length);
        // the chosen set is a prefix of every queue
        queueIndexes.forEach((queue, sender) =>
          expect(chosen.filter((payment) => queue.includes(payment))).toEqual(queue.slice(0, lengths[sender])),
        );
        // every feasible combination of prefixes fits inside it
        const combinations = queueIndexes.reduce<number[][]>(
          (partial, queue) => partial.flatMap((prefix) => Array.from({ length: queue.length + 1 }, (_, length) => [...prefix, length])),
          [[]],
        );
        for (const combination of combinations) {
          const set = queueIndexes.flatMap((queue, sender) => queue.slice(0, combination[sender]));
          if (feasible(gridlock, set)) combination.forEach((length, sender) => expect(length).toBeLessThanOrEqual(lengths[sender]!));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('greedyValueGridlock', () => {
  it('frees a blocked pair by taking out the payment that covers the shortfall, whatever its place in the queue', () => {
    // Same state as above. A is short 100: its largest payment not above 100 is A→B 100; taking it out
    // leaves A 0 − 10 + 10 = 0 and C 0 − 10 + 10 = 0, so A→C 10 and C→A 10 settle.
    const gridlock: Gridlock = {
      headroom: [0, 0, 0],
      queues: [
        [
          [1, 100],
          [2, 10],
        ],
        [],
        [[0, 10]],
      ],
    };
    expect(resolve(greedyValueGridlock, gridlock)).toEqual([1, 2]);
  });

  it('takes the smallest payment above the shortfall when none fits under it', () => {
    // A has 0 and queues A→B 30, A→B 50, A→B 40; nothing comes back: short 120.
    // Largest ≤ 120: 50 → short 70; largest ≤ 70: 40 → short 30; largest ≤ 30: 30 → covered. All out.
    expect(
      resolve(greedyValueGridlock, {
        headroom: [0, 0],
        queues: [
          [
            [1, 30],
            [1, 50],
            [1, 40],
          ],
          [],
        ],
      }),
    ).toEqual([]);
    // With 45: short 75 → drop 50 → short 25 → none ≤ 25, smallest above is 30 → drop it → 45 − 40 = 5 ≥ 0.
    expect(
      resolve(greedyValueGridlock, {
        headroom: [45, 0],
        queues: [
          [
            [1, 30],
            [1, 50],
            [1, 40],
          ],
          [],
        ],
      }),
    ).toEqual([2]);
  });

  it('always leaves a feasible set, never worth more than the best subset (brute force)', () => {
    fc.assert(
      fc.property(gridlockArbitrary(3), (gridlock) => {
        const chosen = resolve(greedyValueGridlock, gridlock);
        expect(feasible(gridlock, chosen)).toBe(true);
        const count = gridlock.queues.flat().length;
        let best = 0;
        for (let mask = 0; mask < 1 << count; mask++) {
          const subset = Array.from({ length: count }, (_, payment) => payment).filter((payment) => mask & (1 << payment));
          if (feasible(gridlock, subset)) best = Math.max(best, valueOf(gridlock, subset));
        }
        expect(valueOf(gridlock, chosen)).toBeLessThanOrEqual(best);
      }),
      { numRuns: 300 },
    );
  });
});
