import type { Schemas } from '../../adapters/http/openapi-document';
import type { Simulation } from '../../generated/prisma/client';
import type { ScenarioReport } from '../../simulation';
import { wireTime } from '../shared/wire-format';

export function presentSimulation(simulation: Simulation): Schemas['Simulation'] {
  const report = simulation.report as ScenarioReport | null;
  return {
    id: simulation.id,
    name: simulation.name,
    status: simulation.status,
    progress: simulation.progress,
    progress_label: simulation.progressLabel,
    created_at: wireTime(simulation.createdAt),
    started_at: wireTime(simulation.startedAt),
    finished_at: wireTime(simulation.finishedAt),
    failure_reason: simulation.failureReason,
    results: simulation.status === 'succeeded' && report ? resultsOf(report) : null,
  };
}

/** The headline metrics of every rule at every level, one row per netted currency. */
function resultsOf(report: ScenarioReport): Schemas['SimulationResult'][] {
  return report.runs.flatMap((run) =>
    run.metrics.map((m) => ({
      rule: run.rule,
      level: run.level,
      alpha: run.alpha,
      currency: m.currency,
      gross: m.gross,
      multilateral_net: m.multilateralNet,
      netting_efficiency: m.nettingEfficiency,
      liquidity_used: m.liquidityUsed,
      delay_indicator: m.delayIndicator,
      settled_value: m.settledValue,
      unsettled_value: m.unsettledValue,
      unsettled_count: m.unsettledCount,
      gridlocks_resolved: m.gridlocksResolved,
    })),
  );
}
