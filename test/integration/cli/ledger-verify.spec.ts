import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { projectRoot } from '../../../src/adapters/http/openapi-document';
import { createEmptyPostgresDatabase } from '../../support/database';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../../support/regions';
import { startTestApp } from '../../support/test-app';

const run = promisify(execFile);

/** `corridor-ledger verify` as an operator runs it: a process of its own, pointed at the database by DATABASE_URL. */
async function ledgerVerify(databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = projectRoot();
  const args = ['-r', join(root, 'test/support/swc-register.js'), join(root, 'src/cli/ledger.ts'), 'verify'];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function sql(url: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe('npm run ledger:verify (corridor-ledger verify) against PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase();
    // A settled window leaves a journal: the prefunding entry, then the window's settlement entries.
    const t = await startTestApp('postgres', { database: { kind: 'postgres', url: database.url, poolSize: 3 } });
    try {
      const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '500.00', B: '500.00', C: '500.00' }));
      const r = regionIndex(loaded);
      await pay(t.api, r.keyOf('B-SHOP'), { payer_participant_id: r.participant.get('A-BANK')!.id, amount: '2000.00', currency: 'GHS' });
      await t.api.post(`/v1/settlement-windows/${loaded.settlement_window.id}/close`, t.operatorKey);
    } finally {
      await t.close();
    }
  });
  afterAll(() => database?.drop());

  it('prints OK with the counts and exits 0 for an untouched journal', async () => {
    const result = await ledgerVerify(database.url);
    expect(result.stdout).toMatch(
      /^OK: 4 journal entries verified in .*, last sequence 4 \(hash [0-9a-f]{64}\); balances per currency: GHS 0\.00, KES 0\.00, USD 0\.00\.\n$/,
    );
    expect(result.code).toBe(0);
  });

  it('names the altered entry and exits 1 once a settled posting is changed in the database', async () => {
    const [entry] = await sql(
      database.url,
      `SELECT sequence::text AS sequence, id FROM journal_entries WHERE kind = 'settlement' ORDER BY sequence LIMIT 1`,
    );
    await sql(database.url, `UPDATE postings SET amount = amount + 1 WHERE entry_sequence = $1 AND line = 0`, [entry!.sequence]);
    const result = await ledgerVerify(database.url);
    expect(result.stdout).toContain(
      `FAILED: entry ${String(entry!.id)} (sequence ${String(entry!.sequence)}) is altered or unbalanced: hash_mismatch.`,
    );
    expect(result.code).toBe(1);
  });
});
