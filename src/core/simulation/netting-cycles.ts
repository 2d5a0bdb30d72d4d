import type { Accounts } from './accounts';
import { fifoExactGridlock } from './gridlock';
import type { NettedPayments } from './netted-payments';
import { PairNets } from './pair-nets';
import { PaymentQueues } from './payment-queues';
import type { QueueTrack } from './queue-track';
import type { Rule, ShortfallPolicy } from './types';

export interface CycleOutcome {
  queuedCount: number;
  unwoundCount: number;
  carriedOverCount: number;
}

type NettingRule = Extract<Rule, { kind: 'bilateral' | 'multilateral' }>;

/**
 * Deferred net settlement in cycles closing at cycleSeconds, 2·cycleSeconds, … and at the end of the
 * day. A cycle holds the payments carried over from earlier cycles (first, in arrival order) and those
 * arrived since the last close, the close included.
 *
 * - multilateral (DNS): each party's N_i settles at the close, all at once;
 * - bilateral: each pair's net settles at the close. A party pays in all its bilateral net debits before
 *   it is paid its bilateral net credits, so it needs Σ_j max(0, x_ij − x_ji) of liquidity, not N_i:
 *   that difference is what multilateral netting saves.
 *
 * Shortfalls: `unwind` and `carry-over` repeatedly take the party with the largest shortfall (ties to the
 * smaller index) and drop, or carry to the next cycle, all its payments of the cycle — the sender-side
 * unwind of `src/core/netting/unwind.ts` — then recompute, until every remaining debtor is covered.
 * `largest-feasible` keeps, per sender, the longest prefix of the cycle's payments in arrival order that
 * can settle (the exact FIFO gridlock algorithm, with bilateral requirements for bilateral netting) and
 * carries the rest. Payments still carried at the end of the day stay unsettled.
 */
export function settleInCycles(
  payments: NettedPayments,
  accounts: Accounts,
  rule: NettingRule,
  dayLength: number,
  track: QueueTrack,
  settledAt: Float64Array,
  progress: (done: number) => void,
): CycleOutcome {
  const cycles = new CycleBook(payments, accounts, rule, track, settledAt);
  const { arrival, amount, count } = payments;
  let next = 0;
  for (let cycle = 1; ; cycle++) {
    const close = Math.min(cycle * rule.cycleSeconds, dayLength);
    for (; next < count && arrival[next]! <= close; next++) {
      track.change(arrival[next]!, amount[next]!, 1);
      cycles.add(next);
    }
    cycles.close(close);
    progress(next);
    if (close >= dayLength) break;
    if (cycles.isEmpty()) {
      if (next === count) break;
      // Nothing to settle until the next arrival: jump to the close that follows it.
      cycle = Math.max(cycle, Math.ceil(arrival[next]! / rule.cycleSeconds) - 1);
    }
  }
  return { queuedCount: cycles.queuedCount, unwoundCount: cycles.unwoundCount, carriedOverCount: cycles.carriedOverCount };
}

const QUEUED = 1;
const CARRIED = 2;

class CycleBook {
  private readonly members: Int32Array;
  private size = 0;
  private readonly kept: Uint8Array;
  private readonly flags: Uint8Array;
  private readonly queues: PaymentQueues;
  private readonly net: Float64Array;
  /** bilateral: Σ_j max(0, x_ij − x_ji) and Σ_j max(0, x_ji − x_ij) */
  private readonly owes: Float64Array;
  private readonly owed: Float64Array;
  private readonly pairs: PairNets;
  private readonly sender: Int32Array;
  private readonly receiver: Int32Array;
  private readonly amount: Float64Array;
  private readonly multilateral: boolean;
  private readonly shortfall: ShortfallPolicy;
  queuedCount = 0;
  unwoundCount = 0;
  carriedOverCount = 0;

  constructor(
    payments: NettedPayments,
    private readonly accounts: Accounts,
    rule: NettingRule,
    private readonly track: QueueTrack,
    private readonly settledAt: Float64Array,
  ) {
    const parties = accounts.partyCount;
    this.sender = payments.sender;
    this.receiver = payments.receiver;
    this.amount = payments.amount;
    this.members = new Int32Array(payments.count);
    this.kept = new Uint8Array(payments.count);
    this.flags = new Uint8Array(payments.count);
    this.queues = new PaymentQueues(parties, payments.count, payments.sender, payments.amount);
    this.net = new Float64Array(parties);
    this.owes = new Float64Array(parties);
    this.owed = new Float64Array(parties);
    this.pairs = new PairNets(parties);
    this.multilateral = rule.kind === 'multilateral';
    this.shortfall = rule.shortfall;
  }

  isEmpty(): boolean {
    return this.size === 0;
  }

  add(payment: number): void {
    this.members[this.size++] = payment;
  }

  close(t: number): void {
    if (this.size === 0) return;
    const members = this.members.subarray(0, this.size);
    for (const payment of members) this.kept[payment] = 1;
    this.net.fill(0);
    if (!this.multilateral) {
      this.owes.fill(0);
      this.owed.fill(0);
      this.pairs.clear();
    }
    for (const payment of members) this.move(payment, 1);
    const headroom = this.accounts.headroom();
    if (this.shortfall === 'largest-feasible') this.keepLargestFeasible(members, headroom);
    else this.dropShortDebtors(members, headroom);
    this.settle(members, t);
  }

  /** Adds (sign 1) or takes out (sign −1) a payment from the cycle's positions. */
  private move(payment: number, sign: number): void {
    const from = this.sender[payment]!;
    const to = this.receiver[payment]!;
    const value = sign * this.amount[payment]!;
    this.net[from]! -= value;
    this.net[to]! += value;
    if (this.multilateral) return;
    const low = from < to ? from : to;
    const high = from < to ? to : from;
    const owedByLow = from < to ? value : -value;
    const before = this.pairs.add(low, high, owedByLow);
    const after = before + owedByLow;
    const lowPays = Math.max(0, after) - Math.max(0, before);
    const highPays = Math.max(0, -after) - Math.max(0, -before);
    this.owes[low]! += lowPays;
    this.owed[high]! += lowPays;
    this.owes[high]! += highPays;
    this.owed[low]! += highPays;
  }

  /** What a party lacks to settle its part of the cycle (≤ 0 when covered). */
  private lack(party: number, headroom: Float64Array): number {
    return (this.multilateral ? -this.net[party]! : this.owes[party]!) - headroom[party]!;
  }

  private dropShortDebtors(members: Int32Array, headroom: Float64Array): void {
    const parties = this.net.length;
    let bySender: { start: Int32Array; order: Int32Array } | undefined;
    for (;;) {
      let worst = -1;
      let worstLack = 0;
      for (let party = 0; party < parties; party++) {
        const lack = this.lack(party, headroom);
        if (lack > worstLack) {
          worst = party;
          worstLack = lack;
        }
      }
      if (worst < 0) return;
      // Built at the first shortfall only: most cycles settle in full.
      bySender ??= groupBySender(members, this.sender, parties);
      for (let at = bySender.start[worst]!; at < bySender.start[worst + 1]!; at++) {
        const payment = bySender.order[at]!;
        if (this.kept[payment] === 0) continue;
        this.kept[payment] = 0;
        this.move(payment, -1);
      }
    }
  }

  /** The exact FIFO cut: per sender the longest feasible prefix of its cycle payments in arrival order. */
  private keepLargestFeasible(members: Int32Array, headroom: Float64Array): void {
    const queues = this.queues;
    queues.clear();
    for (const payment of members) queues.push(payment);
    if (this.multilateral) {
      for (const payment of members) this.kept[payment] = 0;
      for (const payment of fifoExactGridlock(queues, this.receiver, this.amount, headroom)) this.kept[payment] = 1;
      this.net.fill(0);
      for (const payment of members) if (this.kept[payment] === 1) this.move(payment, 1);
      return;
    }
    // Bilateral: the same worklist, a party's need being its bilateral net debits. Taking out one of i's
    // payments to j never raises i's need and never lowers j's, so the exactness argument carries over.
    const parties = this.net.length;
    const worklist = new Int32Array(parties);
    const listed = new Uint8Array(parties);
    let top = 0;
    const listIfShort = (party: number) => {
      if (listed[party] === 0 && this.lack(party, headroom) > 0) {
        listed[party] = 1;
        worklist[top++] = party;
      }
    };
    for (let party = 0; party < parties; party++) listIfShort(party);
    while (top > 0) {
      const party = worklist[--top]!;
      listed[party] = 0;
      for (let last = queues.tail[party]!; last >= 0 && this.lack(party, headroom) > 0; last = queues.tail[party]!) {
        queues.unlink(last);
        this.kept[last] = 0;
        this.move(last, -1);
        listIfShort(this.receiver[last]!);
      }
    }
  }

  private settle(members: Int32Array, t: number): void {
    const { balance, lowest } = this.accounts;
    for (let party = 0; party < balance.length; party++) {
      // Bilateral: pay-ins first, so the balance dips by the bilateral net debits before credits arrive.
      const low = balance[party]! - (this.multilateral ? Math.max(0, -this.net[party]!) : this.owes[party]!);
      if (low < lowest[party]!) lowest[party] = low;
      balance[party]! += this.net[party]!;
    }
    let carried = 0;
    let leavingValue = 0;
    let leavingCount = 0;
    for (const payment of members) {
      if (this.kept[payment] === 1) {
        this.settledAt[payment] = t;
        leavingValue += this.amount[payment]!;
        leavingCount++;
        continue;
      }
      if ((this.flags[payment]! & QUEUED) === 0) {
        this.flags[payment]! |= QUEUED;
        this.queuedCount++;
      }
      if (this.shortfall === 'unwind') {
        this.unwoundCount++;
        leavingValue += this.amount[payment]!;
        leavingCount++;
        continue;
      }
      if ((this.flags[payment]! & CARRIED) === 0) {
        this.flags[payment]! |= CARRIED;
        this.carriedOverCount++;
      }
      this.members[carried++] = payment;
    }
    this.size = carried;
    this.track.change(t, -leavingValue, -leavingCount);
  }
}

/** Positions of `members` grouped by sender (a counting sort), each sender's in arrival order. */
function groupBySender(members: Int32Array, sender: Int32Array, parties: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(parties + 1);
  for (const payment of members) start[sender[payment]! + 1]!++;
  for (let party = 0; party < parties; party++) start[party + 1]! += start[party]!;
  const fill = start.slice(0, parties);
  const order = new Int32Array(members.length);
  for (const payment of members) order[fill[sender[payment]!]!++] = payment;
  return { start, order };
}
