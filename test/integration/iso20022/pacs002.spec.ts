import { type Payment, PACS_002, pacs002, pacs008 } from '../../../src/adapters/iso20022';
import { crossBorderPayment, unwoundPayment, window7 } from './pilot-region';
import { elementOf, schemaErrors, textsOf } from './schema-validation';

describe('pacs.002 status report of a payment', () => {
  it('rejects a payment unwound for lack of liquidity with AM04 (insufficient funds) and says why', async () => {
    const xml = pacs002(unwoundPayment());

    expect(await schemaErrors(PACS_002, xml)).toEqual([]);
    expect(textsOf(xml, 'TxSts')).toEqual(['RJCT']);
    expect(textsOf(elementOf(xml, 'Rsn'), 'Cd')).toEqual(['AM04']);
    // AddtlInf holds 105 characters: a longer reason continues in the next one
    expect(textsOf(xml, 'AddtlInf').join('')).toBe(unwoundPayment().failure!.reason);
    expect(textsOf(xml, 'AddtlInf').every((chunk) => Array.from(chunk).length <= 105)).toBe(true);
  });

  it('reports a settled payment as ACSC with the date it settled', async () => {
    const xml = pacs002(crossBorderPayment());

    expect(await schemaErrors(PACS_002, xml)).toEqual([]);
    expect(textsOf(xml, 'TxSts')).toEqual(['ACSC']);
    expect(elementOf(xml, 'FctvIntrBkSttlmDt')).toContain('<Dt>2026-11-23</Dt>');
    expect(textsOf(xml, 'CreDtTm')).toEqual([window7.settledAt!.toISOString()]);
  });

  it.each([
    ['pending', 'PDNG'],
    ['authorized', 'PDNG'],
    ['captured', 'ACSP'],
    ['settled', 'ACSC'],
    ['declined', 'RJCT'],
    ['voided', 'CANC'],
    ['failed', 'RJCT'],
  ] as const)('maps a %s payment to %s in a valid report', async (status, code) => {
    const uncaptured = status === 'pending' || status === 'authorized' || status === 'declined' || status === 'voided';
    const payment: Payment = {
      ...crossBorderPayment(),
      status,
      ...(uncaptured && { capturedAt: null, window: null }),
      ...(status !== 'settled' && { settledAt: null }),
      ...(status === 'declined' && { failure: { code: 'declined_by_participant', reason: 'The payer’s provider refused it.' } }),
    };
    const xml = pacs002(payment);

    expect(await schemaErrors(PACS_002, xml)).toEqual([]);
    expect(textsOf(xml, 'TxSts')).toEqual([code]);
  });

  it('sends a failure code with no ISO 20022 equivalent as a proprietary reason', () => {
    const xml = pacs002({ ...unwoundPayment(), failure: { code: 'declined_by_participant', reason: 'Refused.' } });

    expect(elementOf(xml, 'Rsn')).toContain('<Prtry>declined_by_participant</Prtry>');
  });

  it("refers to the payment's pacs.008 by the same ids, so the two can be matched", () => {
    const payment = unwoundPayment();
    const instruction = pacs008(payment);
    const report = pacs002(payment);

    expect(textsOf(report, 'OrgnlMsgId')).toEqual(textsOf(instruction, 'MsgId'));
    expect(textsOf(report, 'OrgnlMsgNmId')).toEqual(['pacs.008.001.09']);
    expect(textsOf(report, 'OrgnlInstrId')).toEqual(textsOf(instruction, 'InstrId'));
    expect(textsOf(report, 'OrgnlEndToEndId')).toEqual(textsOf(instruction, 'EndToEndId'));
    expect(textsOf(report, 'OrgnlTxId')).toEqual(textsOf(instruction, 'TxId'));
    expect(textsOf(report, 'OrgnlUETR')).toEqual(textsOf(instruction, 'UETR'));
    expect(textsOf(report, 'OrgnlCreDtTm')).toEqual(textsOf(instruction, 'CreDtTm'));
    expect(elementOf(report, 'OrgnlTxRef')).toContain('<IntrBkSttlmAmt Ccy="USD">9.66</IntrBkSttlmAmt>');
  });

  it('gives each status of a payment its own message id', () => {
    expect(textsOf(pacs002(crossBorderPayment()), 'MsgId')).toEqual(['pay_01JDA6B2C4D6E8F0G2H4J6K8M0-ACSC']);
    expect(textsOf(pacs002(unwoundPayment()), 'MsgId')).toEqual(['pay_01JDA6B2C4D6E8F0G2H4J6K8M0-RJCT']);
  });
});
