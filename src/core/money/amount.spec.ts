import fc from 'fast-check';
import { domainErrorOf } from '../test-support';
import { formatAmount, fromMinorUnits, parseAmount, parseDecimal, parseNonNegativeAmount, roundToCurrency, toMinorUnits } from './amount';
import DecimalJs from 'decimal.js';
import { currencyScale } from './currency';
import { Decimal } from './decimal';

describe('parseAmount', () => {
  it('reads plain decimal strings exactly', () => {
    expect(parseAmount('1250.50', 'USD').toFixed()).toBe('1250.5');
    expect(parseAmount('0.001', 'KWD').toFixed()).toBe('0.001');
    expect(parseAmount('5000', 'XOF').toFixed()).toBe('5000');
    // 0.1 + 0.2 is exactly 0.3 with Decimal, unlike binary floats
    expect(parseAmount('0.1', 'USD').plus(parseAmount('0.2', 'USD')).eq('0.3')).toBe(true);
  });

  it.each(['', '1e5', '1.', '.5', '+1', '1,000', '1 000', ' 1', '0x10', 'NaN', 'Infinity', '1.2.3', '--1'])(
    'refuses %j as not a decimal string',
    (text) => {
      expect(domainErrorOf(() => parseAmount(text, 'USD', 'items[2].amount'))).toMatchObject({
        code: 'invalid_amount',
        field: 'items[2].amount',
      });
    },
  );

  it('refuses a JSON number that slipped past typing', () => {
    expect(domainErrorOf(() => parseAmount(12.5 as unknown as string, 'USD')).code).toBe('invalid_amount');
  });

  it('names the currency field when the currency is unknown', () => {
    expect(domainErrorOf(() => parseAmount('10', 'XDR', 'amount', 'payer_currency'))).toMatchObject({
      code: 'unknown_currency',
      field: 'payer_currency',
    });
  });

  it.each(['0', '0.00', '-5.00'])('refuses %j as not positive', (text) => {
    expect(domainErrorOf(() => parseAmount(text, 'USD'))).toMatchObject({ code: 'amount_not_positive', field: 'amount' });
  });

  it('refuses more decimals than the currency has, saying the scale', () => {
    const usd = domainErrorOf(() => parseAmount('10.005', 'USD'));
    expect(usd).toMatchObject({ code: 'amount_precision_exceeded', field: 'amount' });
    expect(usd.message).toContain('2 decimal places');
    expect(domainErrorOf(() => parseAmount('100.5', 'JPY')).message).toContain('0 decimal places');
    expect(domainErrorOf(() => parseAmount('1.0001', 'KWD')).message).toContain('3 decimal places');
  });

  it('judges precision on the value, so trailing zeros are harmless', () => {
    expect(parseAmount('100.00', 'JPY').toFixed()).toBe('100');
    expect(parseAmount('10.500', 'USD').toFixed()).toBe('10.5');
  });

  it('refuses absurdly large amounts instead of losing digits later', () => {
    expect(parseAmount('9'.repeat(30), 'USD').toFixed()).toBe('9'.repeat(30));
    expect(domainErrorOf(() => parseAmount('1' + '0'.repeat(30), 'USD')).code).toBe('amount_too_large');
  });
});

describe('parseNonNegativeAmount', () => {
  it('accepts zero, for balances and caps', () => {
    expect(parseNonNegativeAmount('0.00', 'USD').toFixed()).toBe('0');
    expect(parseNonNegativeAmount('-0', 'USD').isNegative()).toBe(false);
    expect(parseNonNegativeAmount('250000.00', 'USD', 'central_banks[1].net_debit_cap').toFixed()).toBe('250000');
  });

  it('refuses negatives and applies the same format and scale rules as parseAmount', () => {
    expect(domainErrorOf(() => parseNonNegativeAmount('-0.01', 'USD', 'cap'))).toMatchObject({ code: 'amount_negative', field: 'cap' });
    expect(domainErrorOf(() => parseNonNegativeAmount('1e3', 'USD')).code).toBe('invalid_amount');
    expect(domainErrorOf(() => parseNonNegativeAmount('0.5', 'XOF')).code).toBe('amount_precision_exceeded');
    expect(domainErrorOf(() => parseNonNegativeAmount('1', 'XDR', 'cap', 'asset'))).toMatchObject({
      code: 'unknown_currency',
      field: 'asset',
    });
  });
});

describe('parseDecimal', () => {
  it('reads rates and basis points exactly, at any number of decimals', () => {
    expect(parseDecimal('129.123456789', 'fx_rates[0].rate').toFixed()).toBe('129.123456789');
    expect(parseDecimal('0', 'fee_bps', { allowZero: true }).toFixed()).toBe('0');
  });

  it('refuses zero unless allowed, negatives always, and non-decimal strings', () => {
    expect(domainErrorOf(() => parseDecimal('0', 'fx_rates[0].rate'))).toMatchObject({
      code: 'value_out_of_range',
      field: 'fx_rates[0].rate',
    });
    expect(domainErrorOf(() => parseDecimal('-1', 'fee_bps', { allowZero: true })).code).toBe('value_out_of_range');
    expect(domainErrorOf(() => parseDecimal('1e2', 'fee_bps'))).toMatchObject({ code: 'invalid_decimal', field: 'fee_bps' });
  });
});

describe('formatAmount', () => {
  it('writes exactly the currency decimals, never an exponent', () => {
    expect(formatAmount(new Decimal('1250.5'), 'USD')).toBe('1250.50');
    expect(formatAmount(new Decimal('-25'), 'USD')).toBe('-25.00');
    expect(formatAmount(new Decimal('5000'), 'XOF')).toBe('5000');
    expect(formatAmount(new Decimal('1.5'), 'KWD')).toBe('1.500');
    expect(formatAmount(new Decimal('1e45'), 'USD')).toBe('1' + '0'.repeat(45) + '.00');
    expect(formatAmount(new Decimal('0.00000001'), 'CLF')).toBe('0.0000');
  });

  it('rounds half-even to the scale', () => {
    // 2.345 → 2.34 (4 even), 2.355 → 2.36 (6 even)
    expect(formatAmount(new Decimal('2.345'), 'USD')).toBe('2.34');
    expect(formatAmount(new Decimal('2.355'), 'USD')).toBe('2.36');
  });

  it('writes zero without a sign, however it was reached', () => {
    expect(formatAmount(new Decimal('-0'), 'USD')).toBe('0.00');
    expect(formatAmount(new Decimal('-0.001'), 'USD')).toBe('0.00');
  });

  it('formats any decimal.js value (such as the database driver\u2019s) the same as the project\u2019s Decimal', () => {
    const Other = DecimalJs.clone({ precision: 20, rounding: DecimalJs.ROUND_UP });
    for (const text of ['1250.5', '2.345', '-0', '0.00000001', '1e45', '7']) {
      expect(formatAmount(new Other(text), 'USD')).toBe(formatAmount(new Decimal(text), 'USD'));
    }
  });

  it('pads an exact amount to the scale exactly as decimal.js toFixed(scale) writes it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'CLF', 'XOF'),
        (digits, places, currency) => {
          // Any value with at most the currency's places: the digits with the point moved left.
          const amount = new Decimal(digits.toString()).div(new Decimal(10).pow(Math.min(places, currencyScale(currency))));
          const scale = currencyScale(currency);
          expect(formatAmount(amount, currency)).toBe(amount.isZero() ? new Decimal(0).toFixed(scale) : amount.toFixed(scale));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips with parseAmount for every positive amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.constantFrom('USD', 'JPY', 'KWD', 'CLF', 'XOF'), (units, currency) => {
        const amount = fromMinorUnits(units, currency);
        expect(parseAmount(formatAmount(amount, currency), currency).eq(amount)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('roundToCurrency', () => {
  it('rounds to the currency scale', () => {
    // 1234.5 UGX → 1234 (even); 0.0005 BHD → 0.000 (0 even); 0.0015 BHD → 0.002
    expect(roundToCurrency(new Decimal('1234.5'), 'UGX').toFixed()).toBe('1234');
    expect(roundToCurrency(new Decimal('0.0005'), 'BHD').toFixed()).toBe('0');
    expect(roundToCurrency(new Decimal('0.0015'), 'BHD').toFixed()).toBe('0.002');
  });
});

describe('minor units', () => {
  it('converts to and from integer minor units', () => {
    expect(toMinorUnits(new Decimal('1250.50'), 'USD')).toBe(125050n);
    expect(toMinorUnits(new Decimal('-0.07'), 'USD')).toBe(-7n);
    expect(toMinorUnits(new Decimal('1.234'), 'KWD')).toBe(1234n);
    expect(toMinorUnits(new Decimal('5000'), 'XOF')).toBe(5000n);
    expect(fromMinorUnits(125050n, 'USD').toFixed()).toBe('1250.5');
    expect(fromMinorUnits(-7n, 'USD').toFixed()).toBe('-0.07');
    expect(fromMinorUnits(5n, 'CLF').toFixed()).toBe('0.0005');
    expect(fromMinorUnits(0n, 'USD').toFixed()).toBe('0');
  });

  it('refuses an amount that is not a whole number of minor units', () => {
    expect(domainErrorOf(() => toMinorUnits(new Decimal('0.005'), 'USD')).code).toBe('amount_precision_exceeded');
  });

  it('is exact for integers far beyond Number.MAX_SAFE_INTEGER', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'), (units, currency) => {
        expect(toMinorUnits(fromMinorUnits(units, currency), currency)).toBe(units);
      }),
      { numRuns: 300 },
    );
  });
});
