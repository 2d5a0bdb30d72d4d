import request from 'supertest';
import type { Schemas } from '../../src/adapters/http/openapi-document';
import { schemaErrors, textsOf } from '../integration/iso20022/schema-validation';
import { expectMatchesSpec } from '../support/openapi-contract';
import { expectProblem } from '../support/problems';
import { loadRegion, pay, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/**
 * ISO 20022 exports of live data validate against the official schemas: DESIGN's three-party window
 * (A→B 200, B→C 150, C→A 175 USD) settles A −25, B +50, C −25, so A and C pay the agent 25 and B is
 * paid 50.
 */
describe.each(MODES)('ISO 20022 exports (%s)', (mode) => {
  let t: TestApp;
  let r: ReturnType<typeof regionIndex>;
  let payment: Schemas['Payment'];
  let windowId: string;

  beforeAll(async () => {
    t = await startTestApp(mode);
    const loaded = await loadRegion(t.api, t.operatorKey, threePartyRegion());
    r = regionIndex(loaded);
    windowId = loaded.settlement_window.id;
    payment = await pay(t.api, r.keyOf('B-SHOP'), {
      payer_participant_id: r.participant.get('A-BANK')!.id,
      amount: '2000.00',
      currency: 'GHS',
    });
    await pay(t.api, r.keyOf('C-SHOP'), { payer_participant_id: r.participant.get('B-BANK')!.id, amount: '150000.00', currency: 'NGN' });
    await pay(t.api, r.keyOf('A-SHOP'), { payer_participant_id: r.participant.get('C-BANK')!.id, amount: '17500.00', currency: 'KES' });
    await t.api.post(`/v1/settlement-windows/${windowId}/close`, t.operatorKey);
  });
  afterAll(() => t.close());

  async function xml(path: string, key: string) {
    const res = await request(t.app.getHttpServer()).get(path).set('Authorization', `Bearer ${key}`);
    expectMatchesSpec(res, 'GET');
    return res;
  }

  it('exports a settled payment as a valid pacs.008 and its status as a valid pacs.002 (ACSC)', async () => {
    const transfer = await xml(`/v1/payments/${payment.id}/pacs.008`, r.keyOf('B-SHOP'));
    expect(transfer.status).toBe(200);
    expect(await schemaErrors('pacs.008.001.09', transfer.text)).toEqual([]);
    expect(textsOf(transfer.text, 'IntrBkSttlmAmt')).toEqual(['200.00']);
    const status = await xml(`/v1/payments/${payment.id}/pacs.002`, r.keyOf('B-SHOP'));
    expect(await schemaErrors('pacs.002.001.11', status.text)).toEqual([]);
    expect(textsOf(status.text, 'TxSts')).toEqual(['ACSC']);
  });

  it('exports each central bank’s settlement transfer as a valid pacs.009', async () => {
    for (const [code, amount] of [
      ['A', '25.00'],
      ['B', '50.00'],
      ['C', '25.00'],
    ] as const) {
      const res = await xml(`/v1/settlement-windows/${windowId}/pacs.009?central_bank_id=${r.bank.get(code)!.id}`, t.operatorKey);
      expect(res.status).toBe(200);
      expect(await schemaErrors('pacs.009.001.09', res.text)).toEqual([]);
      expect(textsOf(res.text, 'IntrBkSttlmAmt')).toEqual([amount]);
    }
  });

  it('exports a central bank’s statement for the window as a valid camt.053: 25 opening, −25 settled, 0 closing', async () => {
    const res = await xml(`/v1/settlement-windows/${windowId}/camt.053?central_bank_id=${r.bank.get('A')!.id}`, r.keyOf('A'));
    expect(res.status).toBe(200);
    expect(await schemaErrors('camt.053.001.08', res.text)).toEqual([]);
    expect(textsOf(res.text, 'Amt')).toEqual(expect.arrayContaining(['25.00', '0.00']));
  });

  it('keeps each central bank to its own messages', async () => {
    const res = await xml(`/v1/settlement-windows/${windowId}/camt.053?central_bank_id=${r.bank.get('B')!.id}`, r.keyOf('A'));
    expectProblem(res, 404, 'not_found');
    const merchant = await xml(`/v1/settlement-windows/${windowId}/pacs.009?central_bank_id=${r.bank.get('B')!.id}`, r.keyOf('B-SHOP'));
    expectProblem(merchant, 403, 'forbidden');
  });
});
