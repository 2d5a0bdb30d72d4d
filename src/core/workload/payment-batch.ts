/** A currency as the laboratory sees it: its code and how many decimals its minor unit has. */
export interface Currency {
  code: string;
  scale: number;
}

export interface PartySpec {
  code: string;
  name?: string;
  /** home currency: a party receives its domestic and cross-border payments in it */
  currency: string;
  tier: 'core' | 'periphery';
}

/**
 * A day of payments in columns (structure of arrays), sorted by arrival: index i is payment i. Columns
 * of typed arrays keep millions of payments compact and let the engine loop without allocating.
 */
export interface PaymentBatch {
  count: number;
  /** party indexes */
  sender: Int32Array;
  receiver: Int32Array;
  /** currency indexes */
  currency: Uint8Array;
  /** integer minor units of the payment's currency */
  amount: Float64Array;
  /** seconds since the start of the day, non-decreasing */
  arrival: Float64Array;
}

export function allocatePayments(count: number): PaymentBatch {
  return {
    count,
    sender: new Int32Array(count),
    receiver: new Int32Array(count),
    currency: new Uint8Array(count),
    amount: new Float64Array(count),
    arrival: new Float64Array(count),
  };
}

/** A currency index travels in a Uint8Array column. */
export const MAX_CURRENCIES = 256;
