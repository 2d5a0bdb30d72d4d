/**
 * The netting laboratory's engine: gross RTGS with queues, bilateral and multilateral netting in cycles
 * with shortfall policies, and the LSM, over a day of payments in integer minor units — with the
 * DESIGN.md metrics. Pure and deterministic; the workload generator and CSV replay come along from
 * `src/core/workload`, so the whole contract imports from here.
 */
export type {
  LiquiditySpec,
  QueuePoint,
  QueuePolicy,
  Rule,
  ShortfallPolicy,
  SimulationInput,
  SimulationMetrics,
  SimulationResult,
} from './types';
export { simulate } from './simulate';
export { ruleLabel } from './rule-label';
export { assertRule } from './simulation-input';
export { liquidityAt, lowerAndUpperBounds, multilateralPositions } from './day-flows';
export {
  type Currency,
  type PartySpec,
  type PaymentBatch,
  type WorkloadSpec,
  convertPayments,
  generateWorkload,
  parsePaymentsCsv,
  paymentsToCsv,
} from '../workload';
