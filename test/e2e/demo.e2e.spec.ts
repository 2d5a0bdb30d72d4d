import { Decimal } from '../../src/core/money';
import { formatPositions, runDemo } from '../../src/cli/demo';
import { startTestApp, type TestApp } from '../support/test-app';

/** The Quick start's workload, exactly as `npm start` runs it, over real HTTP with the typed client. */
describe('the Quick start demo (embedded)', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp('embedded');
    baseUrl = await t.listen();
  });
  afterAll(() => t.close());

  it('loads the five-country region, pays, refunds, settles a window and nets positions to zero', async () => {
    const result = await runDemo({ baseUrl, operatorKey: t.operatorKey, payments: 24, seed: 7 });
    expect(result.apiKeys?.map((k) => k.role)).toEqual(expect.arrayContaining(['operator', 'central_bank', 'participant', 'merchant']));
    expect(result.payments).toHaveLength(24);
    expect(result.refunds.length).toBeGreaterThan(0);
    // The demo region's two FX providers compete: every cross-border payment names the winner.
    for (const payment of result.payments) {
      expect(payment.fx_provider === null).toBe(payment.payer_currency === payment.currency);
    }
    expect(result.window.status).toBe('settled');
    expect(result.positions.central_banks).toHaveLength(5);
    const sum = result.positions.central_banks.reduce((total, p) => total.plus(p.net), new Decimal(0));
    expect(sum.isZero()).toBe(true);
    const table = formatPositions(result);
    expect(table).toContain('Regional tier');
    expect(table).toContain('CBK');
  });

  it('reuses the demo region when run again, issuing no new keys', async () => {
    const again = await runDemo({ baseUrl, operatorKey: t.operatorKey, payments: 6, seed: 8 });
    expect(again.apiKeys).toBeNull();
    expect(again.window.number).toBe(2);
  });
});
