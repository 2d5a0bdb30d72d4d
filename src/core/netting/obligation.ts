import { DomainError } from '../errors';
import { Decimal } from '../money/decimal';

export interface Obligation {
  id: string;
  /** the payment/refund it comes from; all obligations of one reference settle or unwind together */
  reference: string;
  debtor: string;
  creditor: string;
  currency: string;
  /** > 0 */
  amount: Decimal;
}

/** Orders ids by code unit, not locale, so every machine sorts the same way. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An obligation owed by a party to itself is not an obligation (it would inflate gross value without
 * moving money), so it is refused rather than silently netted to zero.
 */
export function assertObligation(obligation: Obligation, field = 'obligation'): void {
  const { id, reference, debtor, creditor, currency, amount } = obligation;
  for (const [name, value] of [
    ['id', id],
    ['reference', reference],
    ['debtor', debtor],
    ['creditor', creditor],
    ['currency', currency],
  ] as const) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new DomainError('invalid_obligation', `an obligation needs a non-empty ${name}`, `${field}.${name}`);
    }
  }
  if (debtor === creditor) {
    throw new DomainError('invalid_obligation', `obligation ${id} has ${debtor} owing itself`, `${field}.creditor`);
  }
  if (!Decimal.isDecimal(amount) || !amount.isFinite() || amount.lte(0)) {
    throw new DomainError('invalid_obligation', `obligation ${id} must have an amount greater than zero`, `${field}.amount`);
  }
}
