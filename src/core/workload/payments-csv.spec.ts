import fc from 'fast-check';
import { domainErrorOf } from '../test-support';
import { type Currency, type PartySpec, type PaymentBatch, allocatePayments } from './payment-batch';
import { parsePaymentsCsv, paymentsToCsv } from './payments-csv';

const CURRENCIES: Currency[] = [
  { code: 'USD', scale: 2 },
  { code: 'XOF', scale: 0 },
  { code: 'KWD', scale: 3 },
];
const PARTIES: PartySpec[] = ['BCEAO', 'CBK', 'CBN'].map((code) => ({ code, currency: 'USD', tier: 'core' }));

const HEADER = 'id,arrival_seconds,sender,receiver,currency,amount';

describe('paymentsToCsv', () => {
  it('writes one line per payment with amounts in each currency’s decimals', () => {
    const batch: PaymentBatch = {
      count: 3,
      sender: Int32Array.of(0, 1, 2),
      receiver: Int32Array.of(1, 2, 0),
      currency: Uint8Array.of(0, 1, 2),
      amount: Float64Array.of(125050, 5000, 7),
      arrival: Float64Array.of(0, 12.5, 3600.001),
    };
    expect(paymentsToCsv(batch, PARTIES, CURRENCIES)).toBe(
      [HEADER, '1,0,BCEAO,CBK,USD,1250.50', '2,12.5,CBK,CBN,XOF,5000', '3,3600.001,CBN,BCEAO,KWD,0.007', ''].join('\n'),
    );
  });

  it('refuses a code that would break the CSV', () => {
    const parties = [{ code: 'A,B', currency: 'USD', tier: 'core' as const }, ...PARTIES];
    expect(domainErrorOf(() => paymentsToCsv(allocatePayments(0), parties, CURRENCIES))).toMatchObject({
      code: 'invalid_csv_value',
      field: 'parties[0].code',
    });
  });
});

describe('parsePaymentsCsv', () => {
  it('reads back what it wrote, for any batch', () => {
    const row = fc.record({
      sender: fc.integer({ min: 0, max: 2 }),
      offset: fc.integer({ min: 1, max: 2 }),
      currency: fc.integer({ min: 0, max: 2 }),
      amount: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      millis: fc.integer({ min: 0, max: 86_400_000 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const sorted = [...rows].sort((a, b) => a.millis - b.millis);
        const batch: PaymentBatch = {
          count: sorted.length,
          sender: Int32Array.from(sorted, (r) => r.sender),
          receiver: Int32Array.from(sorted, (r) => (r.sender + r.offset) % 3),
          currency: Uint8Array.from(sorted, (r) => r.currency),
          amount: Float64Array.from(sorted, (r) => r.amount),
          arrival: Float64Array.from(sorted, (r) => r.millis / 1000),
        };
        expect(parsePaymentsCsv(paymentsToCsv(batch, PARTIES, CURRENCIES), PARTIES, CURRENCIES)).toEqual(batch);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts Windows line endings and trailing zeros beyond the scale', () => {
    const batch = parsePaymentsCsv(`${HEADER}\r\nx-1,5,CBK,CBN,XOF,5000.00\r\n`, PARTIES, CURRENCIES);
    expect(Array.from(batch.amount)).toEqual([5000]);
    expect(Array.from(batch.arrival)).toEqual([5]);
  });

  it('refuses a file without the expected header', () => {
    expect(domainErrorOf(() => parsePaymentsCsv('id,sender,receiver\n', PARTIES, CURRENCIES))).toMatchObject({
      code: 'invalid_csv_header',
      field: 'header',
    });
  });

  it.each<[string, string, string, string]>([
    ['a missing column', '1,5,CBK,CBN,USD', 'invalid_csv_row', 'rows[1]'],
    ['a repeated id', '1,5,CBK,CBN,USD,1.00', 'duplicate_payment_id', 'rows[1].id'],
    ['an arrival with an exponent', '2,1e3,CBK,CBN,USD,1.00', 'invalid_arrival', 'rows[1].arrival_seconds'],
    ['an arrival before the row above', '2,4,CBK,CBN,USD,1.00', 'payments_not_in_arrival_order', 'rows[1].arrival_seconds'],
    ['an unknown sender', '2,5,BOZ,CBN,USD,1.00', 'unknown_party', 'rows[1].sender'],
    ['a payment to oneself', '2,5,CBK,CBK,USD,1.00', 'invalid_payment', 'rows[1].receiver'],
    ['an unknown currency', '2,5,CBK,CBN,EUR,1.00', 'unknown_currency', 'rows[1].currency'],
    ['more decimals than the currency has', '2,5,CBK,CBN,XOF,10.5', 'amount_precision_exceeded', 'rows[1].amount'],
    ['a negative amount', '2,5,CBK,CBN,USD,-1.00', 'invalid_amount', 'rows[1].amount'],
    ['a zero amount', '2,5,CBK,CBN,USD,0.00', 'amount_not_positive', 'rows[1].amount'],
    ['an amount past 2^53 minor units', '2,5,CBK,CBN,USD,90071992547409.93', 'amount_too_large', 'rows[1].amount'],
  ])('refuses %s, naming the row and column', (_, line, code, field) => {
    const error = domainErrorOf(() => parsePaymentsCsv(`${HEADER}\n1,5,CBK,CBN,USD,1.00\n${line}\n`, PARTIES, CURRENCIES));
    expect(error).toMatchObject({ code, field });
    expect(error.message).toMatch(/^line 3\b/);
  });
});
