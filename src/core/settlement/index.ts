/**
 * Settlement: the settlement-window state machine and the pure settlement plan of a closed window
 * (unwind on the regional tier, netting of both tiers, transfers through the agent, balanced journal
 * entries). Persisting and posting the plan is the caller's job.
 */
export * from './window-state';
export * from './settlement-plan';
export * from './window-rules';
export * from './reconciliation';
