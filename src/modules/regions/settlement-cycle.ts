import type { Schemas } from '../../adapters/http/openapi-document';
import { type CronRepeat, cronRepeatProblem } from '../../adapters/jobs/cron-schedule';
import { DomainError } from '../../core/errors';

/**
 * When a region's windows close on their own: every so many seconds, at the times of a cron expression
 * (in a time zone), or never (only on request). Stored as three columns of which at most one cadence is set.
 */
export interface SettlementCycleColumns {
  settlementCycleSeconds: number | null;
  settlementCycleCron: string | null;
  settlementCycleTimeZone: string | null;
}

type CycleFields = Pick<Schemas['RegionDefinition'], 'settlement_cycle_seconds' | 'settlement_cycle_cron' | 'settlement_cycle_time_zone'>;

/**
 * The cycle a request asks for, checked: an interval or a cron expression, never both; a time zone
 * only with a cron expression; an expression that parses and fires at most every 10 seconds.
 */
export function settlementCycleColumns(fields: CycleFields): SettlementCycleColumns {
  const seconds = fields.settlement_cycle_seconds ?? null;
  const cron = fields.settlement_cycle_cron ?? null;
  const timeZone = fields.settlement_cycle_time_zone ?? null;
  if (seconds !== null && cron !== null) {
    throw new DomainError(
      'validation_failed',
      'Give settlement_cycle_seconds or settlement_cycle_cron, not both: a region closes its windows on one cycle.',
      'settlement_cycle_cron',
    );
  }
  if (timeZone !== null && cron === null) {
    throw new DomainError(
      'validation_failed',
      'A time zone applies only to a cron cycle (settlement_cycle_cron).',
      'settlement_cycle_time_zone',
    );
  }
  if (cron !== null) {
    const problem = cronRepeatProblem({ cron, ...(timeZone === null ? {} : { timeZone }) });
    if (problem) {
      throw new DomainError(
        'validation_failed',
        problem.reason,
        problem.field === 'cron' ? 'settlement_cycle_cron' : 'settlement_cycle_time_zone',
      );
    }
  }
  return { settlementCycleSeconds: seconds, settlementCycleCron: cron, settlementCycleTimeZone: cron === null ? null : timeZone };
}

/** The job scheduler's cadence for a cycle: milliseconds, a cron expression, or null for manual closes only. */
export function cycleRepeat(cycle: SettlementCycleColumns): number | CronRepeat | null {
  if (cycle.settlementCycleCron !== null) {
    return {
      cron: cycle.settlementCycleCron,
      ...(cycle.settlementCycleTimeZone === null ? {} : { timeZone: cycle.settlementCycleTimeZone }),
    };
  }
  return cycle.settlementCycleSeconds === null ? null : cycle.settlementCycleSeconds * 1000;
}

export function presentSettlementCycle(
  cycle: SettlementCycleColumns,
): Pick<Schemas['Region'], 'settlement_cycle_seconds' | 'settlement_cycle_cron' | 'settlement_cycle_time_zone'> {
  return {
    settlement_cycle_seconds: cycle.settlementCycleSeconds,
    settlement_cycle_cron: cycle.settlementCycleCron,
    settlement_cycle_time_zone: cycle.settlementCycleTimeZone,
  };
}
