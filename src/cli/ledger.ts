#!/usr/bin/env node
import { openDatabase } from '../adapters/prisma/database';
import { ConfigError, loadAppConfig } from '../config/app-config';
import type { JournalVerification } from '../core/ledger';
import { formatAmount } from '../core/money';
import { VerifyLedgerHandler } from '../modules/ledger/queries/verify-ledger/verify-ledger.query';

const USAGE = `Usage: corridor-ledger verify

Verifies the hash-chained journal of the configured database — DATABASE_URL, or else the embedded
database in CORRIDOR_DATA_DIR (default .corridor/data), as the server does — and prints OK with counts,
or the first altered entry. Stop the server first when it uses the embedded database: one process at a
time may open it. See docs/reports.md.

Exit codes: 0 the journal verifies, 1 it does not, 2 bad arguments or the database could not be opened.`;

export interface LedgerCliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function ledgerCli(
  argv: string[],
  streams: LedgerCliStreams = { stdout: process.stdout, stderr: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { stdout, stderr } = streams;
  if (argv.includes('--help') || argv.includes('-h')) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.length !== 1 || argv[0] !== 'verify') {
    stderr.write(`${argv.length === 0 ? 'Give a command.' : `Unknown arguments: ${argv.join(' ')}`}\n\n${USAGE}\n`);
    return 2;
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(loadAppConfig(env).database);
  } catch (error) {
    stderr.write(`Could not open the database: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    // The same verifier as GET /v1/ledger/verify, without the HTTP service around it.
    const result = await new VerifyLedgerHandler(database.prisma).execute();
    stdout.write(`${describeVerification(result, database.describe)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

export function describeVerification(result: JournalVerification, where: string): string {
  const balances = result.balancesByCurrency.map((b) => `${b.currency} ${formatAmount(b.total, b.currency)}`).join(', ') || 'none';
  const entries = `${result.entriesChecked} journal ${result.entriesChecked === 1 ? 'entry' : 'entries'}`;
  if (result.ok) {
    const last = result.lastSequence === null ? '' : `, last sequence ${result.lastSequence} (hash ${result.lastHash})`;
    return `OK: ${entries} verified in ${where}${last}; balances per currency: ${balances}.`;
  }
  const invalid = result.firstInvalid;
  const first = invalid
    ? `entry ${invalid.entryId} (sequence ${invalid.sequence}) is altered or unbalanced: ${invalid.reason}`
    : 'the balances do not sum to zero';
  return `FAILED: ${first}. ${entries} checked in ${where}; balances per currency: ${balances}.`;
}

if (require.main === module) {
  ledgerCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(2);
    },
  );
}
