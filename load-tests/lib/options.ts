import { parseArgs } from 'node:util';
import type { RunOptions } from './scenario';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run load:<scenario> -- --url <base URL> [options]
       node dist/load-tests/cli.js <scenario> --url <base URL> [options]

Scenarios: checkout, manual-capture-refunds, reads, close-under-load

Options:
  --url URL             the Corridor service under test (required), e.g. http://127.0.0.1:3000
  --key KEY             the platform operator key (default: $CORRIDOR_OPERATOR_KEY)
  --connections N       concurrent keep-alive connections (default 8)
  --duration S          measured steady state, seconds (default 30)
  --warmup S            unmeasured warm-up before it, seconds; 0 for none (default 5)
  --timeout S           per-request timeout, seconds (default 10)
  --max-error-rate R    gate: largest share of failed requests, "0.1%" or "0.001" (default 0.1%)
  --max-p99-ms MS       gate: largest p99 of any operation, milliseconds (default 1000)
  --close-every S       close-under-load: seconds between window closes (default 5)
  --seed-payments N     reads: payments created before the load (default 200)
  --out DIR             results folder (default load-tests/results)
  --quiet               no progress lines on stderr

Exit status: 0 when every gate and no-loss check passed, 1 when one failed, 2 when the run could not start.`;

/** Reads a command line (without `node` and the script) into a scenario name and run options. */
export function parseRunOptions(args: string[], env: NodeJS.ProcessEnv, command: string): { scenario: string; options: RunOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        connections: { type: 'string', default: '8' },
        duration: { type: 'string', default: '30' },
        warmup: { type: 'string', default: '5' },
        timeout: { type: 'string', default: '10' },
        'max-error-rate': { type: 'string', default: '0.1%' },
        'max-p99-ms': { type: 'string', default: '1000' },
        'close-every': { type: 'string', default: '5' },
        'seed-payments': { type: 'string', default: '200' },
        out: { type: 'string', default: 'load-tests/results' },
        quiet: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [scenario, ...extra] = positionals;
  if (!scenario) throw new UsageError('name a scenario');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  if (!values.url) throw new UsageError('--url is required');
  try {
    new URL(values.url);
  } catch {
    throw new UsageError(`--url must be an absolute URL such as http://127.0.0.1:3000, got "${values.url}"`);
  }
  const operatorKey = values.key ?? env.CORRIDOR_OPERATOR_KEY;
  if (!operatorKey) throw new UsageError('the operator key is required: --key, or CORRIDOR_OPERATOR_KEY in the environment');
  return {
    scenario,
    options: {
      url: values.url,
      operatorKey,
      connections: whole('--connections', values.connections, 1),
      durationSeconds: positive('--duration', values.duration),
      warmupSeconds: positive('--warmup', values.warmup, true),
      timeoutSeconds: positive('--timeout', values.timeout),
      maxErrorRate: rate('--max-error-rate', values['max-error-rate']),
      maxP99Ms: positive('--max-p99-ms', values['max-p99-ms']),
      closeEverySeconds: positive('--close-every', values['close-every']),
      seedPayments: whole('--seed-payments', values['seed-payments'], 1),
      outDir: values.out,
      command,
      ...(values.quiet ? {} : { progress: (line: string) => process.stderr.write(`${line}\n`) }),
    },
  };
}

/** The command line for results.json, with the operator key left out. */
export function redactedCommand(prefix: string, args: string[]): string {
  const shown: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--key') {
      shown.push(arg, '<operator key>');
      i += 1;
    } else {
      shown.push(arg.startsWith('--key=') ? '--key=<operator key>' : arg);
    }
  }
  return [prefix, ...shown].join(' ');
}

function whole(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be a whole number of at least ${min}, got "${text}"`);
  return value;
}

function positive(flag: string, text: string, allowZero = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UsageError(`${flag} must be a number ${allowZero ? 'of 0 or more' : 'above 0'}, got "${text}"`);
  }
  return value;
}

function rate(flag: string, text: string): number {
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text) / (percent ? 100 : 1);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new UsageError(`${flag} must be a share from 0 to 1 or a percentage, got "${text}"`);
  return value;
}
