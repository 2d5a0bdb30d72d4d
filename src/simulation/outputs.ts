import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderReportHtml } from './report-html';
import type { RunMetrics, ScenarioReport } from './run-scenario';
import type { OutputFile } from './scenario';

/** metrics.csv columns: `_amount` in the row's currency (decimal string), `_ratio` dimensionless, `_count` payments. */
const METRIC_COLUMNS: [header: string, value: (m: RunMetrics) => string | number | null][] = [
  ['gross_amount', (m) => m.gross],
  ['bilateral_net_amount', (m) => m.bilateralNet],
  ['multilateral_net_amount', (m) => m.multilateralNet],
  ['netting_efficiency_ratio', (m) => m.nettingEfficiency],
  ['bilateral_efficiency_ratio', (m) => m.bilateralEfficiency],
  ['lower_bound_liquidity_amount', (m) => m.lowerBoundLiquidity],
  ['upper_bound_liquidity_amount', (m) => m.upperBoundLiquidity],
  ['liquidity_used_amount', (m) => m.liquidityUsed],
  ['liquidity_efficiency_ratio', (m) => m.liquidityEfficiency],
  ['delay_indicator_ratio', (m) => m.delayIndicator],
  ['settled_count', (m) => m.settledCount],
  ['settled_amount', (m) => m.settledValue],
  ['unsettled_count', (m) => m.unsettledCount],
  ['unsettled_amount', (m) => m.unsettledValue],
  ['queued_share_ratio', (m) => m.queuedShare],
  ['queue_value_max_amount', (m) => m.queueValueMax],
  ['queue_value_time_average_amount', (m) => m.queueValueTimeAverage],
  ['gridlocks_resolved_count', (m) => m.gridlocksResolved],
  ['unwound_count', (m) => m.unwoundCount],
  ['carried_over_count', (m) => m.carriedOverCount],
];

export function reportJson(report: ScenarioReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One row per rule × liquidity level × netted currency. */
export function metricsCsv(report: ScenarioReport): string {
  const header = ['rule', 'level', 'alpha', 'currency', ...METRIC_COLUMNS.map(([name]) => name)];
  const rows = report.runs.flatMap((run) =>
    run.metrics.map((m) => [run.rule, run.level, run.alpha, m.currency, ...METRIC_COLUMNS.map(([, value]) => value(m))]),
  );
  return csv([header, ...rows]);
}

/** The queue series of every run, long format: one row per rule × level × netted currency × sample. */
export function queueCsv(report: ScenarioReport): string {
  const header = ['rule', 'level', 'alpha', 'currency', 'time_seconds', 'queued_amount', 'queued_count'];
  const rows = report.runs.flatMap((run) =>
    run.queues.flatMap((queue) => queue.points.map((p) => [run.rule, run.level, run.alpha, queue.currency, p.t, p.value, p.count])),
  );
  return csv([header, ...rows]);
}

const RENDER: Record<OutputFile, (report: ScenarioReport) => string> = {
  'report.json': reportJson,
  'metrics.csv': metricsCsv,
  'queue.csv': queueCsv,
  'report.html': renderReportHtml,
};

/** Writes the chosen files into `dir` (created if missing) and returns their paths, in the order asked. */
export function writeOutputs(report: ScenarioReport, dir: string, files: readonly OutputFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map((file) => {
    const target = path.join(dir, file);
    writeFileSync(target, RENDER[file](report), 'utf8');
    return target;
  });
}

/** RFC 4180 quoting (fields with a comma, quote or line break), Unix line ends; null is an empty field. */
function csv(rows: (string | number | null)[][]): string {
  return rows.map((row) => row.map(field).join(',')).join('\n') + '\n';
}

function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
