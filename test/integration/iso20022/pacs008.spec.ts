import { type Payment, type Refund, PACS_008, pacs008, pacs008Refund, uetrOf } from '../../../src/adapters/iso20022';
import { Decimal } from '../../../src/core/money';
import { domainErrorOf } from '../../../src/core/test-support';
import { crossBorderPayment, domesticPayment, flutterPay, kcbBank, window7 } from './pilot-region';
import { elementOf, schemaErrors, textsOf } from './schema-validation';

describe('pacs.008 of a payment', () => {
  it('exports a cross-border payment that validates, with both central banks between the two participants', async () => {
    const xml = pacs008(crossBorderPayment());

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09">');
    expect(elementOf(xml, 'DbtrAgt')).toContain('<Id>ng-flutter</Id>');
    expect(elementOf(xml, 'CdtrAgt')).toContain('<BICFI>KCBLKENX</BICFI>');
    expect(elementOf(xml, 'InstgAgt')).toContain('<Id>CBN</Id>');
    expect(elementOf(xml, 'InstdAgt')).toContain('<BICFI>CBKEKENX</BICFI>');
    expect(elementOf(xml, 'Cdtr')).toContain('<Nm>Safari Shop Nairobi</Nm>');
  });

  it('carries what the payer sends, what settles between the central banks, the rate between them and the fee', () => {
    const xml = pacs008(crossBorderPayment());

    expect(xml).toContain('<InstdAmt Ccy="NGN">15019.76</InstdAmt>');
    expect(xml).toContain('<IntrBkSttlmAmt Ccy="USD">9.66</IntrBkSttlmAmt>');
    // 9.66 USD for 15019.76 NGN, within the 10 decimals of BaseOneRate
    expect(textsOf(xml, 'XchgRate')).toEqual(['0.0006431528']);
    expect(textsOf(xml, 'ChrgBr')).toEqual(['DEBT']);
    expect(elementOf(xml, 'ChrgsInf')).toContain('<Amt Ccy="NGN">75.10</Amt>');
    expect(elementOf(xml, 'ChrgsInf')).toContain('<Id>CBN</Id>');
    expect(elementOf(xml, 'RfrdDocAmt')).toContain('<DuePyblAmt Ccy="KES">1250.50</DuePyblAmt>');
  });

  it('says it settles through the region in its window, and when', () => {
    const xml = pacs008(crossBorderPayment());

    expect(elementOf(xml, 'SttlmInf')).toContain('<SttlmMtd>CLRG</SttlmMtd>');
    expect(textsOf(elementOf(xml, 'ClrSys'), 'Prtry')).toEqual(['reg_01JDA5RZ6W3M8Q2T4V6X8Y0B1C']);
    expect(textsOf(xml, 'ClrSysRef')).toEqual([window7.id]);
    expect(textsOf(xml, 'IntrBkSttlmDt')).toEqual(['2026-11-23']);
  });

  it('identifies the payment by its id, the merchant order end to end, and a UETR derived from the id', () => {
    const payment = crossBorderPayment();
    const xml = pacs008(payment);

    expect(textsOf(xml, 'MsgId')).toEqual([payment.id]);
    expect(textsOf(xml, 'InstrId')).toEqual([payment.id]);
    expect(textsOf(xml, 'TxId')).toEqual([payment.id]);
    expect(textsOf(xml, 'EndToEndId')).toEqual(['order-10042']);
    expect(textsOf(xml, 'UETR')).toEqual([uetrOf(payment.id)]);
    expect(textsOf(xml, 'UETR')[0]).toMatch(/^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/);
  });

  it('sends NOTPROVIDED end to end when the merchant gave no reference', async () => {
    const xml = pacs008({ ...crossBorderPayment(), reference: null });

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(textsOf(xml, 'EndToEndId')).toEqual(['NOTPROVIDED']);
  });

  it('exports a domestic payment between the two participants in local currency, with no conversion', async () => {
    const xml = pacs008(domesticPayment());

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(xml).toContain('<IntrBkSttlmAmt Ccy="KES">499.00</IntrBkSttlmAmt>');
    expect(xml).toContain('<InstdAmt Ccy="KES">499.00</InstdAmt>');
    expect(xml).not.toContain('<XchgRate>');
    expect(elementOf(xml, 'InstgAgt')).toContain('<Id>ke-mpesa</Id>');
    expect(elementOf(xml, 'InstdAgt')).toContain('<BICFI>KCBLKENX</BICFI>');
    expect(elementOf(xml, 'ChrgsInf')).toContain('<Amt Ccy="KES">2.50</Amt>');
  });

  it('leaves out the charges when there is no fee', async () => {
    const xml = pacs008({ ...crossBorderPayment(), fee: new Decimal(0) });

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(xml).not.toContain('<ChrgsInf>');
  });

  it('refuses a payment that was never captured: nothing was instructed', () => {
    const authorized: Payment = { ...crossBorderPayment(), status: 'authorized', capturedAt: null, settledAt: null, window: null };

    expect(domainErrorOf(() => pacs008(authorized)).code).toBe('invalid_payment_state');
  });
});

describe('pacs.008 of a refund', () => {
  const refund = (): Refund => ({
    id: 'ref_01JDA7F3G5H7J9K1M3N5P7Q9R1',
    payment: crossBorderPayment(),
    amount: new Decimal('250.00'),
    payerAmount: new Decimal('3003.95'),
    settlementAmount: new Decimal('1.93'),
    reason: 'Item out of stock',
    createdAt: new Date('2026-11-23T11:05:00.000Z'),
    settledAt: null,
    window: { ...window7, id: 'win_01JDA8K0M2N4P6Q8R0S2T4V6W8', number: 8, closedAt: null, settledAt: null },
  });

  it('travels the payment path in reverse and validates', async () => {
    const xml = pacs008Refund(refund());

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(elementOf(xml, 'DbtrAgt')).toContain(`<BICFI>${kcbBank.code}</BICFI>`);
    expect(elementOf(xml, 'CdtrAgt')).toContain(`<Id>${flutterPay.code}</Id>`);
    expect(elementOf(xml, 'InstgAgt')).toContain('<BICFI>CBKEKENX</BICFI>');
    expect(elementOf(xml, 'InstdAgt')).toContain('<Id>CBN</Id>');
    expect(elementOf(xml, 'Dbtr')).toContain('<Nm>Safari Shop Nairobi</Nm>');
  });

  it('carries the merchant credit note and what reaches the payer, and refers to the order and the payment', () => {
    const xml = pacs008Refund(refund());

    expect(xml).toContain('<InstdAmt Ccy="KES">250.00</InstdAmt>');
    expect(xml).toContain('<IntrBkSttlmAmt Ccy="USD">1.93</IntrBkSttlmAmt>');
    expect(xml).toContain('<CdtNoteAmt Ccy="KES">250.00</CdtNoteAmt>');
    expect(xml).toContain('<RmtdAmt Ccy="NGN">3003.95</RmtdAmt>');
    expect(textsOf(xml, 'EndToEndId')).toEqual(['order-10042']);
    expect(textsOf(xml, 'MsgId')).toEqual(['ref_01JDA7F3G5H7J9K1M3N5P7Q9R1']);
    expect(textsOf(xml, 'Ustrd')).toEqual(['Refund of payment pay_01JDA6B2C4D6E8F0G2H4J6K8M0: Item out of stock']);
    expect(xml).not.toContain('<ChrgsInf>');
  });
});
