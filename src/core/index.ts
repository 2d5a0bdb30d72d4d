/**
 * The pure domain core of Corridor: money, FX pricing, netting, the hash-chained ledger, settlement
 * and payment state machines. It imports only decimal.js, node:crypto and itself, so it runs the same
 * in the API, the workers, the CLI and benchmarks.
 *
 * Windows and payments each have a `canTransition`; here they are `canWindowTransition` and
 * `canPaymentTransition` (import from the folder to get the short name).
 */
export * from './errors';
export * from './money';
export * from './fx';
export * from './netting';
export * from './ledger';
export {
  WINDOW_TRANSITIONS,
  type WindowStatus,
  assertWindowTransition,
  canTransition as canWindowTransition,
  isTerminal,
} from './settlement/window-state';
export * from './settlement/settlement-plan';
export * from './settlement/window-rules';
export {
  PAYMENT_TRANSITIONS,
  type PaymentStatus,
  assertPaymentTransition,
  canTransition as canPaymentTransition,
} from './payments/payment-state';
export * from './payments/two-tier-obligations';
export * from './liquidity';
export * from './workload';
