/**
 * FX: prices quotes from the region's reference rates (settlement-asset cross rates, spread, fee) and
 * splits amounts proportionally (partial refunds), rounding through the money module only.
 */
export * from './quote-pricing';
