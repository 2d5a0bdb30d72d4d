import fc from 'fast-check';
import { DomainError } from './errors';
import { fromMinorUnits } from './money/amount';
import { Decimal } from './money/decimal';
import type { Obligation } from './netting/obligation';

/** Runs `action` and returns the DomainError it throws, so a test can check its code and field. */
export function domainErrorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

const PARTIES = ['A', 'B', 'C', 'D', 'E'];

/**
 * Random obligations among a few parties and references, so that cycles, offsetting pairs and
 * multi-leg references all occur often.
 */
export function obligationsArbitrary(options: { currencies?: readonly string[]; maxLength?: number } = {}): fc.Arbitrary<Obligation[]> {
  const currencies = options.currencies ?? ['USD', 'KES'];
  const leg = fc.record({
    reference: fc.integer({ min: 1, max: 12 }),
    debtor: fc.integer({ min: 0, max: PARTIES.length - 1 }),
    offset: fc.integer({ min: 1, max: PARTIES.length - 1 }),
    currency: fc.constantFrom(...currencies),
    units: fc.bigInt({ min: 1n, max: 100_000_000n }),
  });
  return fc.array(leg, { maxLength: options.maxLength ?? 40 }).map((legs) =>
    legs.map(({ reference, debtor, offset, currency, units }, index) => ({
      id: `o${index}`,
      reference: `r${reference}`,
      debtor: PARTIES[debtor]!,
      creditor: PARTIES[(debtor + offset) % PARTIES.length]!,
      currency,
      amount: fromMinorUnits(units, currency),
    })),
  );
}

/** The DESIGN.md worked example: A→B 200, B→C 150, C→A 175. */
export function workedExample(currency = 'USD'): Obligation[] {
  return [
    { id: 'o1', reference: 'p1', debtor: 'A', creditor: 'B', currency, amount: new Decimal(200) },
    { id: 'o2', reference: 'p2', debtor: 'B', creditor: 'C', currency, amount: new Decimal(150) },
    { id: 'o3', reference: 'p3', debtor: 'C', creditor: 'A', currency, amount: new Decimal(175) },
  ];
}

/** Rows with every Decimal written as its exact string, so `toEqual` compares values, not objects. */
export function decimalsAsText<T extends object>(rows: readonly T[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Decimal.isDecimal(value) ? value.toFixed() : value])),
  );
}
