/**
 * One queue per sender, in arrival order, as doubly linked lists threaded through payment indexes: no
 * object per payment, O(1) to append, take the head or unlink from the middle (bypass, LSM).
 */
export class PaymentQueues {
  /** first and last queued payment of each sender, −1 when its queue is empty */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly size: Int32Array;
  /** value queued by each sender */
  readonly value: Float64Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** payments queued, all senders */
  length = 0;

  constructor(
    partyCount: number,
    paymentCount: number,
    private readonly sender: Int32Array,
    private readonly amount: Float64Array,
  ) {
    this.head = new Int32Array(partyCount).fill(-1);
    this.tail = new Int32Array(partyCount).fill(-1);
    this.size = new Int32Array(partyCount);
    this.value = new Float64Array(partyCount);
    this.next = new Int32Array(paymentCount);
    this.prev = new Int32Array(paymentCount);
  }

  get partyCount(): number {
    return this.head.length;
  }

  /** Empties every queue, keeping the storage. */
  clear(): void {
    this.head.fill(-1);
    this.tail.fill(-1);
    this.size.fill(0);
    this.value.fill(0);
    this.length = 0;
  }

  push(payment: number): void {
    const sender = this.sender[payment]!;
    const last = this.tail[sender]!;
    this.prev[payment] = last;
    this.next[payment] = -1;
    if (last < 0) this.head[sender] = payment;
    else this.next[last] = payment;
    this.tail[sender] = payment;
    this.size[sender]!++;
    this.value[sender]! += this.amount[payment]!;
    this.length++;
  }

  unlink(payment: number): void {
    const sender = this.sender[payment]!;
    const before = this.prev[payment]!;
    const after = this.next[payment]!;
    if (before < 0) this.head[sender] = after;
    else this.next[before] = after;
    if (after < 0) this.tail[sender] = before;
    else this.prev[after] = before;
    this.size[sender]!--;
    this.value[sender]! -= this.amount[payment]!;
    this.length--;
  }

  /** Every queued payment, sender by sender, each in queue order. */
  queued(): Int32Array {
    const all = new Int32Array(this.length);
    let filled = 0;
    for (let sender = 0; sender < this.head.length; sender++) {
      for (let payment = this.head[sender]!; payment >= 0; payment = this.next[payment]!) all[filled++] = payment;
    }
    return all;
  }
}
