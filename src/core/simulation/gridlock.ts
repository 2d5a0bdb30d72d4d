import type { PaymentQueues } from './payment-queues';

/**
 * Multilateral gridlock resolution: find the largest set X of queued payments that can settle at once,
 * i.e. with B_i − S_i(X) + R_i(X) ≥ 0 for every party i, where B_i is what i can still pay (balance −
 * floor), S_i and R_i what it sends and receives in X. Both functions return X, sender by sender, each
 * in queue order.
 */
export type GridlockResolver = (queues: PaymentQueues, receiver: Int32Array, amount: Float64Array, headroom: Float64Array) => Int32Array;

/** B_i − S_i + R_i with X = every queued payment. */
function positionsOfAllQueued(queues: PaymentQueues, receiver: Int32Array, amount: Float64Array, headroom: Float64Array): Float64Array {
  const position = Float64Array.from(headroom);
  for (let sender = 0; sender < queues.partyCount; sender++) {
    position[sender]! -= queues.value[sender]!;
    for (let payment = queues.head[sender]!; payment >= 0; payment = queues.next[payment]!)
      position[receiver[payment]!]! += amount[payment]!;
  }
  return position;
}

/**
 * `fifo-exact`: each sender's part of X must be a prefix of its queue. Start from every queued payment;
 * while some party is short, take its last payment still in X out (crediting it back, debiting its
 * receiver, who may become short in turn and joins the worklist).
 *
 * Exact: a party short now stays short in every smaller choice of the other senders' prefixes (they only
 * ever pay it less), so every feasible prefix choice excludes the payment taken out. By induction the
 * result contains every feasible choice — it is the unique largest, by count and by value. Each payment
 * leaves X at most once and each party joins the worklist only when a removal makes it short: O(P + N).
 */
export const fifoExactGridlock: GridlockResolver = (queues, receiver, amount, headroom) => {
  const parties = queues.partyCount;
  const position = positionsOfAllQueued(queues, receiver, amount, headroom);
  const last = Int32Array.from(queues.tail);
  const worklist = new Int32Array(parties);
  const listed = new Uint8Array(parties);
  let top = 0;
  for (let party = 0; party < parties; party++) {
    if (position[party]! < 0) {
      worklist[top++] = party;
      listed[party] = 1;
    }
  }
  while (top > 0) {
    const party = worklist[--top]!;
    listed[party] = 0;
    // With nothing left to send, a party's position is B_i + R_i ≥ 0: the loop always ends.
    while (position[party]! < 0 && last[party]! >= 0) {
      const payment = last[party]!;
      last[party] = queues.prev[payment]!;
      const value = amount[payment]!;
      position[party]! += value;
      const to = receiver[payment]!;
      position[to]! -= value;
      if (position[to]! < 0 && listed[to] === 0) {
        worklist[top++] = to;
        listed[to] = 1;
      }
    }
  }
  let count = 0;
  const chosen = new Int32Array(queues.length);
  for (let sender = 0; sender < parties; sender++) {
    const end = last[sender]!;
    if (end < 0) continue;
    for (let payment = queues.head[sender]!; ; payment = queues.next[payment]!) {
      chosen[count++] = payment;
      if (payment === end) break;
    }
  }
  return chosen.subarray(0, count);
};

/**
 * `greedy-value`, the named heuristic for the unconstrained case (any subset of each queue may settle;
 * finding the largest is NP-hard, a subset-sum in disguise). Start from every queued payment; while some
 * party is short, take from the party with the largest shortfall d:
 *   - its largest queued payment not above d (it must lose at least d anyway, and no smaller payment
 *     gets closer to covering d in one step), or else
 *   - its smallest payment above d (covers d with the least value held back).
 * Among payments of equal value the latest is taken out; among equal shortfalls, the smaller party
 * index goes first. The result is always feasible but may
 * fall short of the optimum. O((P + N) log P): a heap of shortfalls, per-sender payments sorted by value,
 * and union–find links that skip payments already taken out.
 */
export const greedyValueGridlock: GridlockResolver = (queues, receiver, amount, headroom) => {
  const parties = queues.partyCount;
  const position = positionsOfAllQueued(queues, receiver, amount, headroom);
  const queued = queues.queued();
  const total = queued.length;

  // Each sender's payments, a contiguous segment of `byValue` sorted by value then arrival.
  const segmentStart = new Int32Array(parties + 1);
  for (let sender = 0; sender < parties; sender++) segmentStart[sender + 1] = segmentStart[sender]! + queues.size[sender]!;
  const byValue = Int32Array.from(queued);
  for (let sender = 0; sender < parties; sender++) {
    byValue.subarray(segmentStart[sender], segmentStart[sender + 1]).sort((a, b) => amount[a]! - amount[b]! || a - b);
  }
  const sortedValue = Float64Array.from(byValue, (payment) => amount[payment]!);

  // Union–find over slots of `byValue`: below(s) is the nearest slot ≤ s still in X (slot + 1 is stored,
  // 0 meaning none); above(s) the nearest slot ≥ s still in X (`total` meaning none).
  const belowLink = Int32Array.from({ length: total + 1 }, (_, index) => index);
  const aboveLink = Int32Array.from({ length: total + 1 }, (_, index) => index);
  const find = (link: Int32Array, start: number): number => {
    let root = start;
    while (link[root] !== root) root = link[root]!;
    for (let at = start; link[at] !== root;) {
      const up = link[at]!;
      link[at] = root;
      at = up;
    }
    return root;
  };
  const removed = new Uint8Array(total);

  const heap = new ShortfallHeap(parties + 2 * total);
  for (let party = 0; party < parties; party++) if (position[party]! < 0) heap.push(-position[party]!, party);

  while (heap.size > 0) {
    const { shortfall, party } = heap.pop();
    if (-position[party]! !== shortfall) continue; // stale: the party's position changed since
    const start = segmentStart[party]!;
    const end = segmentStart[party + 1]!;
    const notAbove = slotsNotAbove(sortedValue, start, end, shortfall);
    let slot = find(belowLink, notAbove) - 1;
    if (slot < start) {
      const larger = find(aboveLink, notAbove);
      if (larger >= end) continue; // nothing left to take: cannot happen while B_i ≥ 0
      // the latest of the payments of that same value
      slot = find(belowLink, slotsNotAbove(sortedValue, larger, end, sortedValue[larger]!)) - 1;
    }
    removed[slot] = 1;
    belowLink[slot + 1] = slot;
    aboveLink[slot] = slot + 1;
    const payment = byValue[slot]!;
    const value = amount[payment]!;
    const to = receiver[payment]!;
    position[party]! += value;
    position[to]! -= value;
    if (position[to]! < 0) heap.push(-position[to]!, to);
    if (position[party]! < 0) heap.push(-position[party]!, party);
  }

  const removedPayment = new Uint8Array(amount.length);
  for (let slot = 0; slot < total; slot++) if (removed[slot] === 1) removedPayment[byValue[slot]!] = 1;
  let count = 0;
  const chosen = new Int32Array(total);
  for (const payment of queued) if (removedPayment[payment] === 0) chosen[count++] = payment;
  return chosen.subarray(0, count);
};

/** The end of the run of slots in [start, end) whose sorted values are ≤ limit. */
function slotsNotAbove(sortedValue: Float64Array, start: number, end: number, limit: number): number {
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sortedValue[middle]! <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Does (shortfall a, party a) come out of the heap before (shortfall b, party b)? */
function comesFirst(shortfallA: number, partyA: number, shortfallB: number, partyB: number): boolean {
  return shortfallA > shortfallB || (shortfallA === shortfallB && partyA < partyB);
}

/** Max-heap of (shortfall, party): the largest shortfall first, ties to the smaller party index. */
class ShortfallHeap {
  private readonly shortfalls: Float64Array;
  private readonly parties: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.shortfalls = new Float64Array(capacity);
    this.parties = new Int32Array(capacity);
  }

  push(shortfall: number, party: number): void {
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!comesFirst(shortfall, party, this.shortfalls[parent]!, this.parties[parent]!)) break;
      this.move(parent, at);
      at = parent;
    }
    this.shortfalls[at] = shortfall;
    this.parties[at] = party;
  }

  pop(): { shortfall: number; party: number } {
    const top = { shortfall: this.shortfalls[0]!, party: this.parties[0]! };
    const size = --this.size;
    const shortfall = this.shortfalls[size]!;
    const party = this.parties[size]!;
    let at = 0;
    for (let child = 1; child < size; child = 2 * at + 1) {
      if (
        child + 1 < size &&
        comesFirst(this.shortfalls[child + 1]!, this.parties[child + 1]!, this.shortfalls[child]!, this.parties[child]!)
      )
        child++;
      if (!comesFirst(this.shortfalls[child]!, this.parties[child]!, shortfall, party)) break;
      this.move(child, at);
      at = child;
    }
    this.shortfalls[at] = shortfall;
    this.parties[at] = party;
    return top;
  }

  private move(from: number, to: number): void {
    this.shortfalls[to] = this.shortfalls[from]!;
    this.parties[to] = this.parties[from]!;
  }
}
