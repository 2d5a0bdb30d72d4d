/**
 * The edge of the simulation laboratory: scenario files in, reports out. The engine itself is the pure
 * core in `src/core/simulation`; this folder reads files, runs rules × liquidity levels and writes
 * report.json, metrics.csv, queue.csv and report.html.
 */
export * from './scenario';
export * from './run-scenario';
export * from './outputs';
export { renderReportHtml } from './report-html';
