import { DomainError } from '../errors';
import { formatAmount, roundToCurrency } from '../money/amount';
import { Decimal } from '../money/decimal';

/**
 * A central bank's liquidity at one moment, in the settlement asset. `netPosition` is received − sent
 * over the open window's captured regional obligations (negative: net debtor).
 */
export interface LiquidityState {
  balance: Decimal;
  /** Reserved withdrawals: already promised out of the balance, so not spendable. */
  reservedWithdrawals: Decimal;
  /** Σ credit values of pledged collateral. */
  creditLine: Decimal;
  netDebitCap: Decimal;
  netPosition: Decimal;
}

/** What the central bank may pay out net in a window: its own funds plus credit, within its cap. */
export function availableLiquidity(s: LiquidityState): Decimal {
  return Decimal.min(s.balance.minus(s.reservedWithdrawals).plus(s.creditLine), s.netDebitCap);
}

/** What it can still pay out net before the close would find it short: available + net position. */
export function headroom(s: LiquidityState): Decimal {
  return availableLiquidity(s).plus(s.netPosition);
}

/** What captures may still add to its net debit before the cap is reached: cap + net position. */
export function capHeadroom(s: LiquidityState): Decimal {
  return s.netDebitCap.plus(s.netPosition);
}

/** The net debit the open window already asks the central bank to cover (0 when it is a net creditor). */
export function netDebit(s: LiquidityState): Decimal {
  return Decimal.max(0, s.netPosition.neg());
}

/** A pledge's credit value: its market value less the haircut, rounded once to the settlement asset. */
export function collateralCreditValue(amount: Decimal, haircutPercent: Decimal, asset: string): Decimal {
  if (haircutPercent.lt(0) || haircutPercent.gt(100)) {
    throw new DomainError('validation_failed', 'A haircut is a percentage from 0 to 100.', 'haircut_percent');
  }
  return roundToCurrency(amount.times(new Decimal(100).minus(haircutPercent)).dividedBy(100), asset);
}

/**
 * Whether a withdrawal may be reserved: it cannot take more than the balance not yet reserved (credit
 * cannot be withdrawn), and what remains with the credit line must still cover the open window's net debit.
 */
export function checkWithdrawal(s: LiquidityState, amount: Decimal, who: string, asset: string): void {
  const spare = s.balance.minus(s.reservedWithdrawals);
  if (amount.gt(spare)) {
    throw new DomainError(
      'insufficient_liquidity',
      `Withdrawing ${formatAmount(amount, asset)} ${asset} is more than the ${formatAmount(Decimal.max(spare, 0), asset)} ${asset} ${who} holds unreserved.`,
    );
  }
  const left = spare.minus(amount).plus(s.creditLine);
  if (left.lt(netDebit(s))) {
    throw new DomainError(
      'insufficient_liquidity',
      `Withdrawing ${formatAmount(amount, asset)} ${asset} would leave ${who} with ${formatAmount(left, asset)} ${asset} against a net debit of ${formatAmount(netDebit(s), asset)} ${asset} in the open window.`,
    );
  }
}

/** Whether collateral worth `creditValue` may be released: balance and the remaining credit must cover the net debit. */
export function checkCollateralRelease(s: LiquidityState, creditValue: Decimal, what: string, who: string, asset: string): void {
  const left = s.balance.minus(s.reservedWithdrawals).plus(s.creditLine).minus(creditValue);
  if (left.lt(netDebit(s))) {
    throw new DomainError(
      'insufficient_liquidity',
      `Releasing ${what} would leave ${who} with ${formatAmount(left, asset)} ${asset} against a net debit of ${formatAmount(netDebit(s), asset)} ${asset} in the open window.`,
    );
  }
}

/**
 * Under the gross and LSM rules a capture may not take a central bank's net debit in the open window
 * beyond its net debit cap. Beyond its balance and credit (but within the cap) the payment is accepted
 * and waits in the rule's queue, as RTGS queues do; the cap is the hard limit.
 */
export function checkCapture(s: LiquidityState, debit: Decimal, who: string, asset: string): void {
  const room = capHeadroom(s);
  if (debit.gt(room)) {
    throw new DomainError(
      'net_debit_cap_exceeded',
      `The payer's central bank ${who} would owe ${formatAmount(netDebit({ ...s, netPosition: s.netPosition.minus(debit) }), asset)} ${asset} net in the open window, beyond its net debit cap of ${formatAmount(s.netDebitCap, asset)} ${asset}; its headroom under the cap is ${formatAmount(Decimal.max(room, 0), asset)} ${asset}.`,
    );
  }
}

/**
 * The threshold alert, once per crossing: it fires when headroom goes from at-or-above the threshold
 * (not `low`) to below it, and re-arms only when headroom is back at or above it.
 */
export function headroomAlert(threshold: Decimal | null, wasLow: boolean, after: Decimal): { fire: boolean; low: boolean } {
  if (threshold === null) return { fire: false, low: false };
  const low = after.lt(threshold);
  return { fire: low && !wasLow, low };
}
