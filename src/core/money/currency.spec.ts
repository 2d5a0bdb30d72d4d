import { DomainError } from '../errors';
import { domainErrorOf } from '../test-support';
import { currencyScale, findCurrency, listCurrencies } from './currency';

describe('currency table', () => {
  it.each([
    ['KES', 2],
    ['NGN', 2],
    ['GHS', 2],
    ['XOF', 0],
    ['XAF', 0],
    ['UGX', 0],
    ['RWF', 0],
    ['TZS', 2],
    ['ZAR', 2],
    ['EGP', 2],
    ['MAD', 2],
    ['ETB', 2],
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['INR', 2],
    ['IDR', 2],
    ['VND', 0],
    ['KRW', 0],
    ['BRL', 2],
    ['CLP', 0],
    ['PYG', 0],
    ['UYW', 4],
    ['XCG', 2],
  ])('%s has %i decimal places', (code, scale) => {
    expect(currencyScale(code)).toBe(scale);
    expect(findCurrency(code)).toMatchObject({ code, scale });
  });

  it.each(['XDR', 'XAU', 'XUA', 'XXX', 'XTS'])('refuses %s, which has no defined minor unit', (code) => {
    expect(findCurrency(code)).toBeUndefined();
    expect(() => currencyScale(code)).toThrow(DomainError);
  });

  it('matches codes exactly: lower case is not a currency', () => {
    expect(findCurrency('usd')).toBeUndefined();
  });

  it('reports an unknown currency with a stable code and the field at fault', () => {
    expect(domainErrorOf(() => currencyScale('ABC', 'central_banks[0].currency'))).toMatchObject({
      code: 'unknown_currency',
      field: 'central_banks[0].currency',
    });
  });

  it('lists each currency once, sorted by code, with a name', () => {
    const codes = listCurrencies().map((c) => c.code);
    expect(codes).toEqual([...new Set(codes)].sort());
    expect(listCurrencies().every((c) => /^[A-Z]{3}$/.test(c.code) && c.name.length > 0)).toBe(true);
    expect(codes.length).toBeGreaterThan(150);
  });
});
