/**
 * FX: prices quotes from the region's reference rates (settlement-asset cross rates, spread, fee), picks
 * the cheapest of the region's FX providers' offers for the payer, and splits amounts proportionally
 * (partial refunds), rounding through the money module only.
 */
export * from './quote-pricing';
export * from './fx-offers';
