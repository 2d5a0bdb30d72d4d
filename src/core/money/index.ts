/**
 * Money: the project's one Decimal type, the ISO 4217 table of usable currencies, and the one place
 * amounts are parsed, rounded (half-even) and formatted. No JS `number` ever holds an amount.
 */
export * from './decimal';
export * from './rounding';
export * from './currency';
export * from './amount';
