import { Inject, Injectable } from '@nestjs/common';
import { type Db, PRISMA } from '../shared/persistence';

/** Rows deleted per statement: short transactions that never hold many locks or bloat one WAL record. */
const PURGE_BATCH_SIZE = 1000;
const HOUR_MS = 3_600_000;

/**
 * Forgets idempotency records older than the retention, so the table does not grow forever; a key
 * whose record is gone may be used again for a new request.
 */
@Injectable()
export class IdempotencyPurge {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  /** Deletes, batch by batch, every record created before `now - retentionHours`; returns how many. */
  async purge(options: { now: Date; retentionHours: number; batchSize?: number }): Promise<number> {
    const cutoff = new Date(options.now.getTime() - options.retentionHours * HOUR_MS);
    const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
    let total = 0;
    for (;;) {
      // Each batch is its own statement (and transaction), so concurrent requests never wait long on it.
      const deleted = await this.db.$executeRaw`
        DELETE FROM idempotency_records
        WHERE (scope, key) IN (
          SELECT scope, key FROM idempotency_records WHERE created_at < ${cutoff} LIMIT ${batchSize}
        )`;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
