import path from 'node:path';

import { Decimal } from '../../core/money/decimal';
import { Prisma } from '../../generated/prisma/client';
import { databaseConfigFromEnv, toDecimal } from './database';

describe('databaseConfigFromEnv', () => {
  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(databaseConfigFromEnv({ DATABASE_URL: 'postgresql://corridor@db:5432/corridor' })).toEqual({
      kind: 'postgres',
      url: 'postgresql://corridor@db:5432/corridor',
    });
  });

  it('takes the PostgreSQL pool size from DATABASE_POOL_SIZE', () => {
    expect(databaseConfigFromEnv({ DATABASE_URL: 'postgresql://db/corridor', DATABASE_POOL_SIZE: '24' })).toEqual({
      kind: 'postgres',
      url: 'postgresql://db/corridor',
      poolSize: 24,
    });
  });

  it('rejects a pool size that is not a positive integer, naming the variable', () => {
    expect(() => databaseConfigFromEnv({ DATABASE_URL: 'postgresql://db/corridor', DATABASE_POOL_SIZE: '0' })).toThrow(
      'DATABASE_POOL_SIZE',
    );
  });

  it('defaults to the embedded database in .corridor/data under the current directory', () => {
    expect(databaseConfigFromEnv({})).toEqual({ kind: 'embedded', dataDir: path.resolve('.corridor', 'data') });
  });

  it('puts the embedded database in CORRIDOR_DATA_DIR, or in memory for :memory:', () => {
    expect(databaseConfigFromEnv({ CORRIDOR_DATA_DIR: '/var/lib/corridor' })).toEqual({
      kind: 'embedded',
      dataDir: '/var/lib/corridor',
    });
    expect(databaseConfigFromEnv({ CORRIDOR_DATA_DIR: ':memory:' })).toEqual({ kind: 'embedded', dataDir: null });
  });
});

describe('toDecimal', () => {
  it("turns Prisma's Decimal into the project's Decimal without losing a digit", () => {
    const fromPrisma = new Prisma.Decimal('0.000000000000000001');

    const converted = toDecimal(fromPrisma);

    // decimal.js clones share one prototype: the constructor is what carries the project's precision.
    expect(converted.constructor).toBe(Decimal);
    expect(converted.toFixed(18)).toBe('0.000000000000000001');
  });

  it("hands back the project's own Decimal as it is, without a round trip through text", () => {
    const amount = new Decimal('1250.5');

    expect(toDecimal(amount)).toBe(amount);
  });
});
