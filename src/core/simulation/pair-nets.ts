/** Dense storage up to this many parties (2048² doubles = 32 MiB); a Map beyond. */
const DENSE_PARTIES = 2048;

/**
 * What each pair of parties owes each other, net: for lower index i and higher j, x_ij − x_ji. Dense
 * for regional sizes (an array lookup per payment), remembering the pairs touched so that clearing
 * costs what was used, not N².
 */
export class PairNets {
  private readonly dense: Float64Array | undefined;
  private readonly seen: Uint8Array | undefined;
  private readonly touched: number[] = [];
  private readonly sparse = new Map<number, number>();

  constructor(private readonly parties: number) {
    if (parties <= DENSE_PARTIES) {
      this.dense = new Float64Array(parties * parties);
      this.seen = new Uint8Array(parties * parties);
    }
  }

  /** Adds `owedByLow` to what `low` owes `high` (low < high) and returns what it owed before. */
  add(low: number, high: number, owedByLow: number): number {
    const key = low * this.parties + high;
    if (this.dense) {
      const before = this.dense[key]!;
      this.dense[key] = before + owedByLow;
      if (this.seen![key] === 0) {
        this.seen![key] = 1;
        this.touched.push(key);
      }
      return before;
    }
    const before = this.sparse.get(key) ?? 0;
    this.sparse.set(key, before + owedByLow);
    return before;
  }

  /** BN = Σ over pairs of |x_ij − x_ji|. */
  totalAbsolute(): number {
    let total = 0;
    if (this.dense) for (const key of this.touched) total += Math.abs(this.dense[key]!);
    else for (const owed of this.sparse.values()) total += Math.abs(owed);
    return total;
  }

  clear(): void {
    if (this.dense) {
      for (const key of this.touched) {
        this.dense[key] = 0;
        this.seen![key] = 0;
      }
    }
    this.touched.length = 0;
    this.sparse.clear();
  }
}
