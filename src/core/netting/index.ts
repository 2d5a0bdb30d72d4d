/**
 * Netting: multilateral and bilateral net positions, the DESIGN.md netting metrics, and settlement of a
 * deferred-net window under the unwind shortfall policy. Parties and currencies are opaque ids here.
 */
export * from './obligation';
export * from './net-positions';
export * from './unwind';
