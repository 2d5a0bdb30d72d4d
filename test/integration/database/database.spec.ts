import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { openDatabase, toDecimal, type PrismaClient } from '../../../src/adapters/prisma/database';
import { Decimal } from '../../../src/core/money/decimal';
import { Prisma } from '../../../src/generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(60_000);

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

async function createRegion(prisma: Pick<PrismaClient, 'region'>, id = `rg_${randomUUID()}`): Promise<string> {
  await prisma.region.create({ data: { id, name: `East African pilot ${id}`, settlementAsset: 'USD' } });
  return id;
}

describe.each(['postgres', 'embedded'] as const)('openDatabase on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('reads every model the generated client knows from the migrated tables', async () => {
    for (const model of Object.values(Prisma.ModelName)) {
      const delegateName = model.charAt(0).toLowerCase() + model.slice(1);
      const delegate = (database.prisma as unknown as Record<string, { findMany(args: object): Promise<unknown[]> }>)[delegateName];
      await expect(delegate!.findMany({ take: 1 })).resolves.toEqual([]);
    }
  });

  it('stores a NUMERIC(38,18) amount and reads it back digit for digit', async () => {
    const amount = '1234567890.123456789012345678';
    const regionId = await createRegion(database.prisma);
    const bank = await database.prisma.centralBank.create({
      data: {
        id: `cb_${randomUUID()}`,
        regionId,
        code: 'KE',
        name: 'Central Bank of Kenya',
        country: 'KE',
        currency: 'KES',
        prefundedBalance: new Decimal(amount),
        netDebitCap: new Decimal('0.000000000000000001'),
      },
    });

    const stored = await database.prisma.centralBank.findUniqueOrThrow({ where: { id: bank.id } });

    expect(toDecimal(stored.prefundedBalance).toFixed(18)).toBe(amount);
    expect(toDecimal(stored.netDebitCap).toFixed(18)).toBe('0.000000000000000001');
  });

  it('commits every write of an interactive transaction together', async () => {
    const regionId = `rg_${randomUUID()}`;

    await database.prisma.$transaction(async (tx) => {
      await createRegion(tx, regionId);
      await tx.fxRate.create({ data: { regionId, currency: 'KES', rate: new Decimal('129.5') } });
    });

    expect(await database.prisma.fxRate.count({ where: { regionId } })).toBe(1);
  });

  it('rolls back an interactive transaction that throws', async () => {
    const regionId = `rg_${randomUUID()}`;

    const attempt = database.prisma.$transaction(async (tx) => {
      await createRegion(tx, regionId);
      throw new Error('window close aborted');
    });

    await expect(attempt).rejects.toThrow('window close aborted');
    expect(await database.prisma.region.findUnique({ where: { id: regionId } })).toBeNull();
  });
});

describe('openDatabase embedded in a data folder', () => {
  let parent: string;

  beforeEach(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'corridor-data-'));
  });

  afterEach(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('creates the folder and keeps the data across a restart', async () => {
    const dataDir = path.join(parent, 'nested', 'data');
    const first = await openDatabase({ kind: 'embedded', dataDir });
    const regionId = await createRegion(first.prisma);
    await first.close();

    const second = await openDatabase({ kind: 'embedded', dataDir });
    try {
      expect(second.describe).toBe(`embedded PostgreSQL (PGlite) in ${dataDir}`);
      expect(await second.prisma.region.findUnique({ where: { id: regionId } })).toMatchObject({
        name: `East African pilot ${regionId}`,
      });
    } finally {
      await second.close();
    }
  });

  it('refuses a second opener while the folder is in use, instead of letting both corrupt it', async () => {
    const dataDir = path.join(parent, 'data');
    const first = await openDatabase({ kind: 'embedded', dataDir });
    try {
      await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(
        `The embedded database in ${dataDir} is already open in process ${process.pid}`,
      );
    } finally {
      await first.close();
    }
  });

  it('takes over the folder of a process that died without closing it', async () => {
    const dataDir = path.join(parent, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'corridor.lock'), String(deadPid()));

    const database = await openDatabase({ kind: 'embedded', dataDir });
    try {
      expect(await readFile(path.join(dataDir, 'corridor.lock'), 'utf8')).toBe(String(process.pid));
    } finally {
      await database.close();
    }
  });
});
