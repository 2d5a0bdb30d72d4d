import type { PaymentBatch } from '../workload/payment-batch';

/** The payments of one netted currency, in arrival order: each currency is its own settlement system. */
export interface NettedPayments {
  /** index of the currency in the input */
  currency: number;
  count: number;
  sender: Int32Array;
  receiver: Int32Array;
  amount: Float64Array;
  arrival: Float64Array;
  /** each payment's index in the input batch; null when they coincide */
  origin: Int32Array | null;
}

/** Splits a batch by currency (CLS-style), keeping arrival order; currencies without payments are left out. */
export function splitByCurrency(batch: PaymentBatch, currencyCount: number): NettedPayments[] {
  const counts = new Int32Array(currencyCount);
  for (let k = 0; k < batch.count; k++) counts[batch.currency[k]!]!++;
  const used = [...counts.keys()].filter((currency) => counts[currency]! > 0);
  if (used.length === 1) {
    const { count, sender, receiver, amount, arrival } = batch;
    return [{ currency: used[0]!, count, sender, receiver, amount, arrival, origin: null }];
  }
  const groups = new Map(
    used.map((currency) => {
      const count = counts[currency]!;
      const group: NettedPayments = {
        currency,
        count: 0,
        sender: new Int32Array(count),
        receiver: new Int32Array(count),
        amount: new Float64Array(count),
        arrival: new Float64Array(count),
        origin: new Int32Array(count),
      };
      return [currency, group];
    }),
  );
  for (let k = 0; k < batch.count; k++) {
    const group = groups.get(batch.currency[k]!)!;
    const at = group.count++;
    group.sender[at] = batch.sender[k]!;
    group.receiver[at] = batch.receiver[k]!;
    group.amount[at] = batch.amount[k]!;
    group.arrival[at] = batch.arrival[k]!;
    group.origin![at] = k;
  }
  return [...groups.values()];
}
