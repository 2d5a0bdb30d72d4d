/**
 * Runs one load-test scenario against a Corridor service: `npm run load:<scenario> -- --url … --key …`.
 * Prints a summary on stdout and exits 1 when a gate or a no-loss check failed.
 */
import path from 'node:path';
import { USAGE, UsageError, parseRunOptions, redactedCommand } from './lib/options';
import { runScenario } from './lib/run';
import { findScenario } from './scenarios';
import { runCommand } from './lib/run-record';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const event = process.env.npm_lifecycle_event;
  const prefix = event ? `npm run ${event} --` : `node ${path.relative(process.cwd(), process.argv[1]!)}`;
  let parsed;
  try {
    parsed = parseRunOptions(args, process.env, redactedCommand(prefix, args));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const scenario = findScenario(parsed.scenario);
  if (!scenario) {
    console.error(`Unknown scenario "${parsed.scenario}".\n\n${USAGE}`);
    return 2;
  }
  let result;
  try {
    result = await runScenario(scenario, parsed.options);
  } catch (error) {
    console.error(
      `The ${scenario.name} run against ${parsed.options.url} could not complete: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const steady = result.steady;
  console.log(`${scenario.name}: ${result.ok ? 'passed' : 'FAILED'}`);
  console.log(`  steady state: ${steady.requestsPerSecond} req/s over ${steady.durationSeconds} s on ${steady.connections} connections`);
  for (const [operation, report] of Object.entries(steady.operations)) {
    console.log(
      `  ${operation.padEnd(28)} ${String(report.okPerSecond).padStart(8)}/s  p50 ${report.latency.p50} ms  p95 ${report.latency.p95} ms  p99 ${report.latency.p99} ms`,
    );
  }
  for (const gate of result.gates)
    console.log(`  ${gate.passed ? 'ok  ' : 'FAIL'} gate  ${gate.name}: ${gate.actual} (limit ${gate.limit})`);
  for (const check of result.checks) console.log(`  ${check.passed ? 'ok  ' : 'FAIL'} check ${check.name}: ${check.detail}`);
  if (steady.errors.byStatus['429']) {
    console.log('  429 answers: the service rate-limits per API key; run it with CORRIDOR_RATE_LIMIT_PER_SECOND=0 for load tests.');
  }
  console.log(`  results: ${path.relative(process.cwd(), result.outputDir)}/results.json and report.html`);
  return result.ok ? 0 : 1;
}

runCommand(main);
