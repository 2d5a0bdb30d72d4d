import { DomainError } from '../errors';
import { type Currency, MAX_CURRENCIES, type PartySpec, type PaymentBatch, allocatePayments } from './payment-batch';

/** The replay format, one payment per line; amounts are decimal strings in the payment's currency. */
export const PAYMENT_CSV_COLUMNS = ['id', 'arrival_seconds', 'sender', 'receiver', 'currency', 'amount'] as const;

const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;
const UNSAFE_IN_CSV = /[,"\r\n]/;

/** Integer minor units as a decimal string with exactly `scale` decimals: 12345, 2 → "123.45". */
function minorToDecimal(units: number, scale: number): string {
  const digits = String(units).padStart(scale + 1, '0');
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Seconds as the shortest text that reads back to the same number (never an exponent). */
function secondsToText(seconds: number): string {
  const text = String(seconds);
  return text.includes('e') ? seconds.toFixed(9) : text;
}

function assertCsvSafe(code: string, field: string): void {
  if (UNSAFE_IN_CSV.test(code))
    throw new DomainError(
      'invalid_csv_value',
      `${JSON.stringify(code)} cannot be written to CSV: it holds a comma, quote or line break`,
      field,
    );
}

export function paymentsToCsv(batch: PaymentBatch, parties: readonly PartySpec[], currencies: readonly Currency[]): string {
  parties.forEach((party, index) => assertCsvSafe(party.code, `parties[${index}].code`));
  currencies.forEach((currency, index) => assertCsvSafe(currency.code, `currencies[${index}].code`));
  const lines: string[] = [PAYMENT_CSV_COLUMNS.join(',')];
  for (let k = 0; k < batch.count; k++) {
    const currency = currencies[batch.currency[k]!]!;
    lines.push(
      `${k + 1},${secondsToText(batch.arrival[k]!)},${parties[batch.sender[k]!]!.code},${parties[batch.receiver[k]!]!.code},${currency.code},${minorToDecimal(batch.amount[k]!, currency.scale)}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * Reads a replay file. Rows must come in arrival order (a batch is sorted by arrival, and quietly
 * reordering a recording would hide a broken export). Every refusal names the row (0-based, as in a
 * JSON path; the message gives the file's line number) and the column.
 */
export function parsePaymentsCsv(text: string, parties: readonly PartySpec[], currencies: readonly Currency[]): PaymentBatch {
  if (currencies.length > MAX_CURRENCIES) throw new DomainError('invalid_workload', `at most ${MAX_CURRENCIES} currencies`, 'currencies');
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.replace(/\r$/, '') === '') lines.pop();
  const header = (lines[0] ?? '').replace(/\r$/, '');
  if (header !== PAYMENT_CSV_COLUMNS.join(',')) {
    throw new DomainError('invalid_csv_header', `the first line must be "${PAYMENT_CSV_COLUMNS.join(',')}"`, 'header');
  }
  const partyIndex = new Map(parties.map((party, index) => [party.code, index]));
  const currencyIndex = new Map(currencies.map((currency, index) => [currency.code, index]));
  const ids = new Set<string>();
  const batch = allocatePayments(lines.length - 1);

  for (let row = 0; row < batch.count; row++) {
    const line = lines[row + 1]!.replace(/\r$/, '');
    const fail = (code: string, column: string, problem: string): never => {
      throw new DomainError(code, `line ${row + 2}, column ${column}: ${problem}`, `rows[${row}].${column}`);
    };
    const cells = line.split(',');
    if (cells.length !== PAYMENT_CSV_COLUMNS.length) {
      throw new DomainError(
        'invalid_csv_row',
        `line ${row + 2}: expected ${PAYMENT_CSV_COLUMNS.length} columns, found ${cells.length}`,
        `rows[${row}]`,
      );
    }
    const [id, arrival, sender, receiver, currency, amount] = cells as [string, string, string, string, string, string];

    if (id.length === 0) fail('invalid_payment_id', 'id', 'the id is empty');
    if (ids.has(id)) fail('duplicate_payment_id', 'id', `${id} appears twice`);
    ids.add(id);

    if (!DECIMAL.test(arrival))
      fail('invalid_arrival', 'arrival_seconds', `${JSON.stringify(arrival)} is not a number of seconds such as 3600.5`);
    const seconds = Number(arrival);
    if (row > 0 && seconds < batch.arrival[row - 1]!)
      fail('payments_not_in_arrival_order', 'arrival_seconds', 'rows must be sorted by arrival_seconds');
    batch.arrival[row] = seconds;

    const from = partyIndex.get(sender);
    if (from === undefined) fail('unknown_party', 'sender', `${JSON.stringify(sender)} is not a party of the region`);
    const to = partyIndex.get(receiver);
    if (to === undefined) fail('unknown_party', 'receiver', `${JSON.stringify(receiver)} is not a party of the region`);
    if (from === to) fail('invalid_payment', 'receiver', `${sender} cannot pay itself`);
    batch.sender[row] = from!;
    batch.receiver[row] = to!;

    const currencyAt = currencyIndex.get(currency);
    if (currencyAt === undefined) fail('unknown_currency', 'currency', `${JSON.stringify(currency)} is not a currency of the region`);
    batch.currency[row] = currencyAt!;
    batch.amount[row] = decimalToMinor(amount, currencies[currencyAt!]!, (code, problem) => fail(code, 'amount', problem));
  }
  return batch;
}

/** A positive decimal string as exact integer minor units of `currency`, refusing what is not a whole number of them. */
function decimalToMinor(text: string, currency: Currency, fail: (code: string, problem: string) => never): number {
  if (!DECIMAL.test(text)) return fail('invalid_amount', `${JSON.stringify(text)} is not a decimal amount such as 1250.50`);
  const [whole, fraction = ''] = text.split('.') as [string, string?];
  // Trailing zeros beyond the scale are harmless ("100.00" JPY is 100): precision is judged on the value.
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > currency.scale) {
    return fail('amount_precision_exceeded', `${currency.code} amounts have at most ${currency.scale} decimal places`);
  }
  const units = Number(`${whole}${significant.padEnd(currency.scale, '0')}`);
  if (!Number.isSafeInteger(units)) return fail('amount_too_large', `more than ${Number.MAX_SAFE_INTEGER} minor units`);
  if (units === 0) return fail('amount_not_positive', 'a payment must be greater than zero');
  return units;
}
