/**
 * What the load generator knows about each payment it asked for, keyed by the unique `reference` it
 * sent with it: the no-loss checks compare this with what the service stored.
 *
 * - `sent`: the request went out and no answer came back (timed out, or in flight when a phase ended);
 *   the service may or may not have taken it.
 * - `acknowledged`: a 2xx answer came back; the service must have stored it, exactly once.
 * - `rejected`: a non-2xx answer came back; the service must have stored nothing.
 */
export type Outcome = 'sent' | 'acknowledged' | 'rejected';

export interface PaymentRecord {
  reference: string;
  creation: Outcome;
  /** From the 2xx answer. */
  id: string | null;
  capture: Outcome | null;
  refund: { amount: string; outcome: Outcome } | null;
}

export class PaymentLog {
  private readonly records = new Map<string, PaymentRecord>();
  private sequence = 0;

  /** `runTag` makes every reference unique to this run. */
  constructor(private readonly runTag: string) {}

  /** A new payment request about to go out; returns the reference to send with it. */
  sendPayment(): string {
    this.sequence += 1;
    const reference = `${this.runTag}-${this.sequence}`;
    this.records.set(reference, { reference, creation: 'sent', id: null, capture: null, refund: null });
    return reference;
  }

  paymentAnswered(reference: string, id: string | null): void {
    const record = this.get(reference);
    record.creation = id === null ? 'rejected' : 'acknowledged';
    record.id = id;
  }

  sendCapture(reference: string): void {
    this.get(reference).capture = 'sent';
  }

  captureAnswered(reference: string, acknowledged: boolean): void {
    this.get(reference).capture = acknowledged ? 'acknowledged' : 'rejected';
  }

  sendRefund(reference: string, amount: string): void {
    this.get(reference).refund = { amount, outcome: 'sent' };
  }

  refundAnswered(reference: string, acknowledged: boolean): void {
    const record = this.get(reference);
    if (record.refund) record.refund.outcome = acknowledged ? 'acknowledged' : 'rejected';
  }

  all(): PaymentRecord[] {
    return [...this.records.values()];
  }

  acknowledged(): PaymentRecord[] {
    return this.all().filter((r) => r.creation === 'acknowledged');
  }

  private get(reference: string): PaymentRecord {
    const record = this.records.get(reference);
    if (!record) throw new Error(`no payment with reference ${reference} was sent in this run`);
    return record;
  }
}
