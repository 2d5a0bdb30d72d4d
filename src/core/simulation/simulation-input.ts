import { DomainError } from '../errors';
import { MAX_CURRENCIES } from '../workload/payment-batch';
import { Accounts } from './accounts';
import { assertSafeTotal } from './day-flows';
import type { LiquiditySpec, Rule, SimulationInput } from './types';

function invalid(message: string, field: string): never {
  throw new DomainError('invalid_simulation', message, field);
}

function assertPositiveSeconds(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    invalid(`${field} must be a number of seconds greater than zero`, field);
}

export function assertRule(rule: Rule): void {
  const oneOf = (value: string, allowed: readonly string[], field: string) => {
    if (!allowed.includes(value)) invalid(`${field} must be one of ${allowed.join(', ')}`, field);
  };
  switch (rule.kind) {
    case 'gross':
      oneOf(rule.queue, ['fifo', 'bypass-fifo'], 'rule.queue');
      return;
    case 'bilateral':
    case 'multilateral':
      assertPositiveSeconds(rule.cycleSeconds, 'rule.cycleSeconds');
      oneOf(rule.shortfall, ['unwind', 'carry-over', 'largest-feasible'], 'rule.shortfall');
      return;
    case 'lsm':
      oneOf(rule.queue, ['fifo', 'bypass-fifo'], 'rule.queue');
      assertPositiveSeconds(rule.offsetEverySeconds, 'rule.offsetEverySeconds');
      oneOf(rule.gridlock, ['fifo-exact', 'greedy-value'], 'rule.gridlock');
      return;
    default:
      invalid('rule.kind must be gross, bilateral, multilateral or lsm', 'rule.kind');
  }
}

/** Checks the whole input once, so the settlement loops can trust every index and amount. */
export function assertSimulationInput(input: SimulationInput): void {
  const partyCount = input.parties.length;
  const currencyCount = input.currencies.length;
  if (partyCount < 2) invalid('a simulation needs at least two parties', 'parties');
  if (currencyCount < 1 || currencyCount > MAX_CURRENCIES) invalid(`between 1 and ${MAX_CURRENCIES} currencies`, 'currencies');
  assertPositiveSeconds(input.dayLengthSeconds, 'dayLengthSeconds');
  assertRule(input.rule);
  if (
    input.settlementCurrency !== undefined &&
    !(Number.isInteger(input.settlementCurrency) && input.settlementCurrency >= 0 && input.settlementCurrency < currencyCount)
  ) {
    invalid('settlementCurrency must be the index of one of the currencies', 'settlementCurrency');
  }

  const { count, sender, receiver, currency, amount, arrival } = input.payments;
  if (!Number.isSafeInteger(count) || count < 0) invalid('count must be a whole number', 'payments.count');
  for (const [name, column] of Object.entries({ sender, receiver, currency, amount, arrival })) {
    if (column.length < count) invalid(`the ${name} column holds ${column.length} entries for ${count} payments`, `payments.${name}`);
  }
  let previous = 0;
  for (let k = 0; k < count; k++) {
    const from = sender[k]!;
    const to = receiver[k]!;
    if (from < 0 || from >= partyCount) invalid(`payment ${k} names no party`, `payments.sender[${k}]`);
    if (to < 0 || to >= partyCount || to === from)
      invalid(`payment ${k} needs a receiver other than its sender`, `payments.receiver[${k}]`);
    if (currency[k]! >= currencyCount) invalid(`payment ${k} names no currency`, `payments.currency[${k}]`);
    const value = amount[k]!;
    if (!Number.isSafeInteger(value) || value <= 0)
      invalid(`payment ${k} must be a whole number of minor units above zero`, `payments.amount[${k}]`);
    const at = arrival[k]!;
    if (!(at >= previous && at <= input.dayLengthSeconds)) {
      invalid(`payment ${k} must arrive within the day and not before the payment listed ahead of it`, `payments.arrival[${k}]`);
    }
    previous = at;
  }
}

function column(
  rows: Float64Array[] | undefined,
  currency: number,
  partyCount: number,
  name: string,
  required: boolean,
): Float64Array | undefined {
  const row = rows?.[currency];
  if (row === undefined) {
    if (required) invalid(`no ${name} for currency ${currency}`, `liquidity.${name}[${currency}]`);
    return undefined;
  }
  if (row.length < partyCount) invalid(`${row.length} ${name} entries for ${partyCount} parties`, `liquidity.${name}[${currency}]`);
  return row;
}

/**
 * The accounts of one netted currency. A party's floor — the lowest balance it may reach — is
 * max(−credit line, opening − net debit cap): the credit line lets the balance go below zero, the cap
 * bounds how far below the opening balance the party may go, whichever binds first. `gross` is the
 * value of the currency's payments.
 */
export function accountsFor(liquidity: LiquiditySpec, currency: number, partyCount: number, gross: number): Accounts {
  const opening = column(liquidity.opening, currency, partyCount, 'opening', true)!;
  const credit = column(liquidity.credit, currency, partyCount, 'credit', false);
  const cap = column(liquidity.netDebitCap, currency, partyCount, 'netDebitCap', false);
  const floor = new Float64Array(partyCount);
  let total = 0;
  for (let party = 0; party < partyCount; party++) {
    const balance = opening[party]!;
    const line = credit?.[party] ?? 0;
    const debitCap = cap?.[party] ?? Infinity;
    if (!Number.isSafeInteger(balance) || balance < 0)
      invalid('opening balances are whole minor units, zero or more', `liquidity.opening[${currency}][${party}]`);
    if (!Number.isSafeInteger(line) || line < 0)
      invalid('credit lines are whole minor units, zero or more', `liquidity.credit[${currency}][${party}]`);
    if (!(debitCap === Infinity || (Number.isSafeInteger(debitCap) && debitCap >= 0))) {
      invalid('net debit caps are whole minor units, zero or more (Infinity for none)', `liquidity.netDebitCap[${currency}][${party}]`);
    }
    floor[party] = Math.max(-line, balance - debitCap);
    total += balance + line;
  }
  // No balance can exceed all liquidity plus all payments: keeping that exact keeps every balance exact.
  assertSafeTotal(total + gross, 'the liquidity plus the gross value of a currency');
  return new Accounts(Float64Array.from(opening.subarray(0, partyCount)), floor);
}
