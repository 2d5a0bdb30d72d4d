/**
 * Replays a generated day through a Corridor service and compares what it settled with simulate():
 * `npm run load:live-vs-simulated -- --url … --key … --rule lsm`. Exits 1 when they disagree where they must agree.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Schemas } from '../lib/api';
import { redactedCommand } from '../lib/options';
import { runLiveVsSimulated } from './run';
import { runCommand } from '../lib/run-record';

const USAGE = `Usage: npm run load:live-vs-simulated -- --url <base URL> [options]

Options:
  --url URL               the Corridor service (required)
  --key KEY               the platform operator key (default: $CORRIDOR_OPERATOR_KEY)
  --rule RULE             multilateral, bilateral, gross or lsm (default multilateral)
  --shortfall POLICY      unwind, carry-over or largest-feasible (default unwind)
  --queue POLICY          gross and lsm: fifo or bypass-fifo (default fifo)
  --gridlock ALGORITHM    lsm: fifo-exact or greedy-value (default fifo-exact)
  --lsm-interval S        lsm: seconds between rounds, live (default 1)
  --payments N            payments in the generated day (default 300)
  --parties N             central banks, 2 to 8 (default 5)
  --seed N                workload seed (default 7)
  --rate R                mean replay rate, payments per second (default 30)
  --alpha A               prefunding at liquidity level L(A): 0 is the lower bound, 1 the upper (default 0)
  --liquidity-factor F    times this; below 1 even netting falls short (default 1)
  --out DIR               results folder (default load-tests/results)
  --quiet                 no progress lines

Exit status: 0 when the service and simulate() agree (and nothing was lost), 1 when not, 2 when the run could not start.`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        rule: { type: 'string', default: 'multilateral' },
        shortfall: { type: 'string', default: 'unwind' },
        queue: { type: 'string', default: 'fifo' },
        gridlock: { type: 'string', default: 'fifo-exact' },
        'lsm-interval': { type: 'string', default: '1' },
        payments: { type: 'string', default: '300' },
        parties: { type: 'string', default: '5' },
        seed: { type: 'string', default: '7' },
        rate: { type: 'string', default: '30' },
        alpha: { type: 'string', default: '0' },
        'liquidity-factor': { type: 'string', default: '1' },
        out: { type: 'string', default: 'load-tests/results' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const operatorKey = values.key ?? process.env.CORRIDOR_OPERATOR_KEY;
  if (!values.url || !operatorKey) {
    console.error(`--url and the operator key (--key or CORRIDOR_OPERATOR_KEY) are required.\n\n${USAGE}`);
    return 2;
  }
  const event = process.env.npm_lifecycle_event;
  const prefix = event ? `npm run ${event} --` : `node ${path.relative(process.cwd(), process.argv[1]!)}`;
  const model = {
    rule: values.rule,
    shortfall_policy: values.shortfall,
    ...(values.rule === 'gross' || values.rule === 'lsm' ? { queue: values.queue } : {}),
    ...(values.rule === 'lsm' ? { gridlock: values.gridlock, lsm_interval_seconds: Number(values['lsm-interval']) } : {}),
  } as Schemas['SettlementModelDefinition'];
  let result;
  try {
    result = await runLiveVsSimulated({
      url: values.url,
      operatorKey,
      model,
      payments: Number(values.payments),
      parties: Number(values.parties),
      seed: Number(values.seed),
      rate: Number(values.rate),
      alpha: Number(values.alpha),
      liquidityFactor: Number(values['liquidity-factor']),
      outDir: values.out,
      command: redactedCommand(prefix, args),
      ...(values.quiet ? {} : { progress: (line: string) => process.stderr.write(`${line}\n`) }),
    });
  } catch (error) {
    console.error(`The live-vs-simulated run could not complete: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  console.log(`live-vs-simulated: ${result.ok ? 'passed' : 'FAILED'}`);
  for (const [label, o] of [
    ['live service', result.live],
    ['simulate(), service clock', result.onServiceClock],
    ['simulate(), workload clock', result.onWorkloadClock],
  ] as const) {
    console.log(`  ${label.padEnd(28)} ${String(o.settled).padStart(5)} settled (${o.settledValue} USD), ${o.unsettled} not`);
  }
  for (const check of result.checks) console.log(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  console.log(`  results: ${path.relative(process.cwd(), result.outputDir)}/results.json and report.html`);
  return result.ok ? 0 : 1;
}

runCommand(main);
