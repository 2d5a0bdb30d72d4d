/**
 * The settlement accounts of one netted currency: balances in minor units and, per party, the lowest
 * balance it may reach — its liquidity limit, max(−credit line, opening − net debit cap). Every rule
 * settles only when each payer stays at or above its floor.
 */
export class Accounts {
  readonly balance: Float64Array;
  /** lowest balance reached so far: opening − lowest is the largest net debit the party ran */
  readonly lowest: Float64Array;

  constructor(
    readonly opening: Float64Array,
    readonly floor: Float64Array,
  ) {
    this.balance = Float64Array.from(opening);
    this.lowest = Float64Array.from(opening);
  }

  get partyCount(): number {
    return this.balance.length;
  }

  /** What the party can still pay: balance − floor, never negative. */
  headroom(): Float64Array {
    const headroom = new Float64Array(this.partyCount);
    for (let i = 0; i < headroom.length; i++) headroom[i] = this.balance[i]! - this.floor[i]!;
    return headroom;
  }

  /** Records the balances as reached, after a settlement that moved several parties at once. */
  noteLows(): void {
    for (let i = 0; i < this.balance.length; i++) if (this.balance[i]! < this.lowest[i]!) this.lowest[i] = this.balance[i]!;
  }

  /** Σ_i max net debit reached: the liquidity the rule actually used. */
  liquidityUsed(): number {
    let used = 0;
    for (let i = 0; i < this.balance.length; i++) used += this.opening[i]! - this.lowest[i]!;
    return used;
  }
}
