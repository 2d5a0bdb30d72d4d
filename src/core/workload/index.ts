/** Workloads: deterministic randomness, synthetic days of payments from a seed, and CSV replay. */
export * from './seeded-random';
export * from './payment-batch';
export * from './workload-spec';
export * from './generate-workload';
export * from './payments-csv';
export { type MinorRate, MinorUnitConverter, UNLISTED_ASSET_SCALE, convertPayments, minorRates } from './asset-rates';
