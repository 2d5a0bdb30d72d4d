/** Workloads: deterministic randomness for demos, synthetic days and simulations. */
export * from './seeded-random';
