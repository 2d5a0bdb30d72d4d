import { IdempotencyPurge } from '../../src/modules/idempotency/idempotency-purge';
import { expectProblem } from '../support/problems';
import { loadRegion, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

const HOUR_MS = 3_600_000;

/**
 * Idempotency records are kept for the retention (24 hours by default), then purged in batches; a key
 * whose record was purged may be used again. The purge runs here with a pinned "now" instead of waiting.
 */
describe.each(MODES)('idempotency purge (%s)', (mode) => {
  let t: TestApp;
  let region: ReturnType<typeof regionIndex>;
  let purge: IdempotencyPurge;

  beforeAll(async () => {
    t = await startTestApp(mode);
    region = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion()));
    purge = t.app.get(IdempotencyPurge);
  });
  afterAll(() => t.close());

  const order = (amount: string) => ({ payer_participant_id: region.participant.get('C-BANK')!.id, amount, currency: 'KES' });
  const payWithKey = (key: string, amount: string) =>
    t.api.post('/v1/payments', region.keyOf('A-SHOP'), order(amount), { 'Idempotency-Key': `${mode}-${key}` });

  it('keeps keys through the retention, then forgets them batch by batch so they can be used again', async () => {
    for (const key of ['first', 'second', 'third']) expect((await payWithKey(key, '100.00')).status).toBe(201);

    // Within the retention nothing is purged: the key still belongs to its first request.
    expect(await purge.purge({ now: new Date(Date.now() + 23 * HOUR_MS), retentionHours: 24 })).toBe(0);
    expectProblem(await payWithKey('first', '250.00'), 409, 'idempotency_key_conflict');

    // Past it, every record goes, two per statement.
    expect(await purge.purge({ now: new Date(Date.now() + 25 * HOUR_MS), retentionHours: 24, batchSize: 2 })).toBe(3);
    const reused = await payWithKey('first', '250.00');
    expect(reused.status).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
    expect(reused.body).toMatchObject({ amount: '250.00', status: 'captured' });
  });
});
