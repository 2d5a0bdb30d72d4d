import { connect, payOrder, quoteOrder, refund } from '../../examples/checkout/checkout';
import { loadRegion, regionIndex, threePartyRegion } from '../support/regions';
import { startTestApp, type TestApp } from '../support/test-app';

/** The example integration in examples/checkout runs against the sandbox, using only the exported client. */
describe('example checkout integration (embedded)', () => {
  let t: TestApp;
  let baseUrl: string;
  let region: ReturnType<typeof regionIndex>;

  beforeAll(async () => {
    t = await startTestApp('embedded');
    baseUrl = await t.listen();
    region = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion({ A: '1000.00', B: '1000.00', C: '1000.00' })));
  });
  afterAll(() => t.close());

  it('pays an order from a quote, tells the payer its price, and refunds part of it', async () => {
    const client = connect(baseUrl, region.keyOf('B-SHOP'));
    const order = { id: 'ord-1001', payerParticipantId: region.participant.get('A-BANK')!.id, amount: '1500.00', currency: 'GHS' };
    const quoted = await quoteOrder(client, order);
    expect(quoted).toMatchObject({ ok: true, payerPays: '15000.00 KES' });
    const quoteId = quoted.ok ? quoted.quote.id : '';
    const paid = await payOrder(client, order, quoteId);
    expect(paid).toMatchObject({ ok: true, payment: { status: 'captured', reference: 'ord-1001', quote_id: quoteId } });

    // The shopper double-clicks: the same order pays once.
    const again = await payOrder(client, order, quoteId);
    expect(again.ok && paid.ok && again.payment.id === paid.payment.id).toBe(true);

    const refunded = await refund(client, paid.ok ? paid.payment.id : '', '500.00', 'ord-1001-r1');
    expect(refunded).toMatchObject({ ok: true, refund: { amount: '500.00', status: 'pending' } });
  });

  it('turns a refused request into a reason the storefront can show', async () => {
    const client = connect(baseUrl, region.keyOf('B-SHOP'));
    const result = await quoteOrder(client, {
      id: 'ord-1002',
      payerParticipantId: region.participant.get('A-BANK')!.id,
      amount: '10.001',
      currency: 'GHS',
    });
    expect(result).toMatchObject({ ok: false, code: 'amount_precision_exceeded' });
    expect(!result.ok && result.reason).toContain('(amount)');
  });
});
