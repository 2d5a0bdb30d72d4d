import type { Accounts } from './accounts';
import { type GridlockResolver, fifoExactGridlock, greedyValueGridlock } from './gridlock';
import type { NettedPayments } from './netted-payments';
import { PaymentQueues } from './payment-queues';
import type { QueueTrack } from './queue-track';
import type { QueuePolicy, Rule } from './types';

export interface RealtimeOutcome {
  queuedCount: number;
  gridlocksResolved: number;
}

/**
 * Gross settlement in real time (RTGS), and the LSM on top of it.
 *
 * A payment settles on arrival when its sender stays at or above its floor; otherwise it joins the
 * sender's queue (under `fifo` also when that queue is not empty: nothing overtakes). Whenever a party
 * receives funds its queue is retried — a worklist of parties, so a chain of payments released by one
 * receipt settles at the same instant. Under `fifo` only the head may settle; under `bypass-fifo` any
 * queued payment that fits does, earliest first.
 *
 * The LSM adds, every `offsetEverySeconds`: bilateral offsetting of queue heads (two heads owed to each
 * other settle together when both parties stay above their floors) and then multilateral gridlock
 * resolution over all queued payments (`gridlock.ts`), X settling at once.
 */
export function settleInRealTime(
  payments: NettedPayments,
  accounts: Accounts,
  rule: Extract<Rule, { kind: 'gross' | 'lsm' }>,
  dayLength: number,
  track: QueueTrack,
  settledAt: Float64Array,
  progress: (done: number) => void,
): RealtimeOutcome {
  const day = new RealtimeDay(payments, accounts, rule.queue, track, settledAt);
  const every = rule.kind === 'lsm' ? rule.offsetEverySeconds : Infinity;
  const resolver = rule.kind === 'lsm' ? (rule.gridlock === 'fifo-exact' ? fifoExactGridlock : greedyValueGridlock) : undefined;
  let nextRound = every;
  let rounds = 1;
  const { arrival, count } = payments;
  for (let k = 0; k < count; k++) {
    const t = arrival[k]!;
    // An LSM round at τ sees the payments arrived at or before τ.
    while (nextRound < t) {
      day.lsmRound(nextRound, resolver!);
      nextRound = ++rounds * every;
    }
    day.arrive(k, t);
    if ((k & 0xffff) === 0xffff) progress(k + 1);
  }
  while (nextRound <= dayLength) {
    day.lsmRound(nextRound, resolver!);
    nextRound = ++rounds * every;
  }
  progress(count);
  return { queuedCount: day.queuedCount, gridlocksResolved: day.gridlocksResolved };
}

class RealtimeDay {
  readonly queues: PaymentQueues;
  /** under bypass-fifo: a lower bound on the smallest payment in each queue, so most retries stop at once */
  private readonly smallestQueued: Float64Array;
  private readonly worklist: Int32Array;
  private readonly listed: Uint8Array;
  private top = 0;
  private readonly bypass: boolean;
  private readonly sender: Int32Array;
  private readonly receiver: Int32Array;
  private readonly amount: Float64Array;
  private readonly balance: Float64Array;
  private readonly floor: Float64Array;
  private readonly lowest: Float64Array;
  queuedCount = 0;
  gridlocksResolved = 0;

  constructor(
    payments: NettedPayments,
    private readonly accounts: Accounts,
    policy: QueuePolicy,
    private readonly track: QueueTrack,
    private readonly settledAt: Float64Array,
  ) {
    const parties = accounts.partyCount;
    this.sender = payments.sender;
    this.receiver = payments.receiver;
    this.amount = payments.amount;
    this.balance = accounts.balance;
    this.floor = accounts.floor;
    this.lowest = accounts.lowest;
    this.queues = new PaymentQueues(parties, payments.count, payments.sender, payments.amount);
    this.smallestQueued = new Float64Array(parties).fill(Infinity);
    this.worklist = new Int32Array(parties);
    this.listed = new Uint8Array(parties);
    this.bypass = policy === 'bypass-fifo';
  }

  arrive(payment: number, t: number): void {
    const sender = this.sender[payment]!;
    const value = this.amount[payment]!;
    if ((this.bypass || this.queues.size[sender] === 0) && this.balance[sender]! - value >= this.floor[sender]!) {
      this.pay(payment, t);
      this.drain(t);
      return;
    }
    this.queues.push(payment);
    if (value < this.smallestQueued[sender]!) this.smallestQueued[sender] = value;
    this.queuedCount++;
    this.track.change(t, value, 1);
  }

  /** One gross transfer; the receiver's queue is retried. */
  private pay(payment: number, t: number): void {
    const sender = this.sender[payment]!;
    const receiver = this.receiver[payment]!;
    const value = this.amount[payment]!;
    const left = (this.balance[sender]! -= value);
    if (left < this.lowest[sender]!) this.lowest[sender] = left;
    this.balance[receiver]! += value;
    this.settledAt[payment] = t;
    this.list(receiver);
  }

  private list(party: number): void {
    if (this.listed[party] === 0 && this.queues.size[party]! > 0) {
      this.listed[party] = 1;
      this.worklist[this.top++] = party;
    }
  }

  private takeFromQueue(payment: number, t: number): void {
    this.queues.unlink(payment);
    this.track.change(t, -this.amount[payment]!, -1);
  }

  /** Retries the queues of every listed party until nothing more fits. */
  private drain(t: number): void {
    while (this.top > 0) {
      const party = this.worklist[--this.top]!;
      this.listed[party] = 0;
      this.settleWhatFits(party, t);
    }
  }

  private settleWhatFits(party: number, t: number): void {
    const { queues, amount, balance, floor } = this;
    if (!this.bypass) {
      for (let head = queues.head[party]!; head >= 0 && balance[party]! - amount[head]! >= floor[party]!; head = queues.head[party]!) {
        this.takeFromQueue(head, t);
        this.pay(head, t);
      }
      return;
    }
    if (balance[party]! - floor[party]! < this.smallestQueued[party]!) return;
    let smallest = Infinity;
    for (let payment = queues.head[party]!; payment >= 0;) {
      const after = queues.next[payment]!;
      const value = amount[payment]!;
      if (balance[party]! - value >= floor[party]!) {
        this.takeFromQueue(payment, t);
        this.pay(payment, t);
      } else if (value < smallest) {
        smallest = value;
      }
      payment = after;
    }
    this.smallestQueued[party] = smallest;
  }

  lsmRound(t: number, resolve: GridlockResolver): void {
    if (this.queues.length === 0) return;
    const before = this.queues.length;
    this.offsetHeads(t);
    if (this.queues.length > 0) this.resolveGridlock(t, resolve);
    if (this.queues.length < before) this.gridlocksResolved++;
  }

  /** Two queue heads owed to each other settle together when both payers stay above their floors. */
  private offsetHeads(t: number): void {
    const { queues, receiver, amount, balance, floor } = this;
    for (let party = 0; party < queues.partyCount; party++) this.list(party);
    while (this.top > 0) {
      const party = this.worklist[--this.top]!;
      this.listed[party] = 0;
      this.settleWhatFits(party, t);
      const mine = queues.head[party]!;
      if (mine < 0) continue;
      const other = receiver[mine]!;
      const theirs = queues.head[other]!;
      if (theirs < 0 || receiver[theirs] !== party) continue;
      const net = amount[theirs]! - amount[mine]!;
      if (balance[party]! + net < floor[party]! || balance[other]! - net < floor[other]!) continue;
      this.takeFromQueue(mine, t);
      this.takeFromQueue(theirs, t);
      // Settled together: only the net moves, so neither balance dips below its final value.
      balance[party]! += net;
      balance[other]! -= net;
      if (balance[party]! < this.lowest[party]!) this.lowest[party] = balance[party]!;
      if (balance[other]! < this.lowest[other]!) this.lowest[other] = balance[other]!;
      this.settledAt[mine] = t;
      this.settledAt[theirs] = t;
      this.list(party);
      this.list(other);
    }
  }

  private resolveGridlock(t: number, resolve: GridlockResolver): void {
    const chosen = resolve(this.queues, this.receiver, this.amount, this.accounts.headroom());
    if (chosen.length === 0) return;
    for (const payment of chosen) {
      this.takeFromQueue(payment, t);
      const value = this.amount[payment]!;
      this.balance[this.sender[payment]!]! -= value;
      this.balance[this.receiver[payment]!]! += value;
      this.settledAt[payment] = t;
    }
    // X settles at once: balances are judged after all of it.
    this.accounts.noteLows();
    // The heuristic may leave out payments that fit now (the exact resolver never does).
    for (let party = 0; party < this.queues.partyCount; party++) this.list(party);
    this.drain(t);
  }
}
