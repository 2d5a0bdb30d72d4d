import { PACS_002, PACS_008, camt053, pacs002, pacs008, pacs009 } from '../../../src/adapters/iso20022';
import { Decimal } from '../../../src/core/money';
import { domainErrorOf } from '../../../src/core/test-support';
import { centralBankOfKenya, crossBorderPayment, domesticPayment, region, unwoundPayment, window7 } from './pilot-region';
import { schemaErrors, textsOf } from './schema-validation';

describe('amounts in ISO 20022 exports', () => {
  it('keep every currency at its own scale: 0-decimal XOF, 3-decimal KWD, 2-decimal USD', async () => {
    const payment = {
      ...crossBorderPayment(),
      amount: new Decimal('5000'),
      currency: 'XOF',
      payerPrincipal: new Decimal('2.545'),
      fee: new Decimal('0.013'),
      payerCurrency: 'KWD',
      settlementAmount: new Decimal('8.3'),
    };
    const xml = pacs008(payment);

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(xml).toContain('<DuePyblAmt Ccy="XOF">5000</DuePyblAmt>');
    expect(xml).toContain('<InstdAmt Ccy="KWD">2.545</InstdAmt>');
    expect(xml).toContain('<Amt Ccy="KWD">0.013</Amt>');
    expect(xml).toContain('<IntrBkSttlmAmt Ccy="USD">8.30</IntrBkSttlmAmt>');
  });

  it('are exact far beyond what a binary float holds', async () => {
    // 2^53 + 1: the first integer a JS number cannot hold
    const amount = new Decimal('9007199254740993.01');
    const xml = pacs008({ ...domesticPayment(), amount, payerPrincipal: amount });

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(xml).toContain('<IntrBkSttlmAmt Ccy="KES">9007199254740993.01</IntrBkSttlmAmt>');
    expect(xml).toContain('<InstdAmt Ccy="KES">9007199254740993.01</InstdAmt>');
  });

  it('are refused, never rounded, when they have more decimals than their currency', () => {
    const error = domainErrorOf(() => pacs008({ ...crossBorderPayment(), settlementAmount: new Decimal('9.665') }));

    expect(error).toMatchObject({ code: 'amount_precision_exceeded', field: 'interbank.amount' });
  });

  it('are refused when they have more digits than an ISO 20022 amount holds', () => {
    const error = domainErrorOf(() => pacs008({ ...crossBorderPayment(), settlementAmount: new Decimal('12345678901234567.00') }));

    expect(error.code).toBe('amount_too_large');
  });
});

describe('text in ISO 20022 exports', () => {
  it('escapes markup characters in names and references, and the message still validates', async () => {
    const payment = crossBorderPayment();
    const xml = pacs008({
      ...payment,
      reference: 'A&B <order> "42"',
      merchant: { ...payment.merchant, name: 'Mama & Sons <Duka> "Best" Prices' },
    });

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(textsOf(xml, 'EndToEndId')).toEqual(['A&amp;B &lt;order&gt; "42"']);
    expect(xml).toContain('<Nm>Mama &amp; Sons &lt;Duka&gt; "Best" Prices</Nm>');
  });

  it('replaces characters XML cannot carry instead of producing a broken document', async () => {
    const xml = pacs002({ ...unwoundPayment(), failure: { code: 'settlement_unwound', reason: 'short\u0000by\u001b25.00 USD' } });

    expect(await schemaErrors(PACS_002, xml)).toEqual([]);
    expect(textsOf(xml, 'AddtlInf')).toEqual(['short\uFFFDby\uFFFD25.00 USD']);
  });

  it('cuts names to the schema length, whole characters only', async () => {
    const payment = crossBorderPayment();
    const xml = pacs008({ ...payment, merchant: { ...payment.merchant, name: '🛒'.repeat(200) } });

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(textsOf(xml, 'Nm')).toContain('🛒'.repeat(140));
  });

  it('shortens an order reference too long for an id to a unique 35-character one, keeping the whole in the remittance', async () => {
    const long = `order-${'x'.repeat(100)}-1`;
    const other = `order-${'x'.repeat(100)}-2`;
    const xml = pacs008({ ...crossBorderPayment(), reference: long });
    const [endToEnd] = textsOf(xml, 'EndToEndId');

    expect(await schemaErrors(PACS_008, xml)).toEqual([]);
    expect(Array.from(endToEnd!)).toHaveLength(35);
    expect(endToEnd).not.toBe(textsOf(pacs008({ ...crossBorderPayment(), reference: other }), 'EndToEndId')[0]);
    expect(textsOf(xml, 'Ustrd')).toEqual([long]);
  });
});

describe('reproducible exports', () => {
  const transfer = () => ({
    region,
    window: window7,
    centralBank: centralBankOfKenya,
    direction: 'pay_out' as const,
    amount: new Decimal('50.00'),
  });
  const statement = () => ({
    region,
    window: window7,
    centralBank: centralBankOfKenya,
    openingBalance: new Decimal('250000.00'),
    closingBalance: new Decimal('250050.00'),
    entries: [
      {
        journalSequence: 12n,
        journalEntryId: `je_${window7.id}_regional`,
        kind: 'settlement',
        description: `Regional net settlement of window ${window7.id} in USD`,
        amount: new Decimal('50.00'),
        bookedAt: window7.closedAt!,
        settlementOf: window7,
      },
    ],
  });

  it.each([
    ['pacs.008', () => pacs008(crossBorderPayment())],
    ['pacs.002', () => pacs002(unwoundPayment())],
    ['pacs.009', () => pacs009(transfer())],
    ['camt.053', () => camt053(statement())],
  ])('%s: the same data gives byte-identical XML, whenever it is exported', (_message, build) => {
    const first = build();
    jest.useFakeTimers({ now: new Date('2031-06-30T23:59:59.999Z') });
    try {
      expect(build()).toBe(first);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('the schema validation the export tests rely on', () => {
  it('fails a message that breaks its schema', async () => {
    const valid = pacs008(crossBorderPayment());
    const withoutChargeBearer = valid.replace('<ChrgBr>DEBT</ChrgBr>', '');
    const badBic = valid.replace('<BICFI>KCBLKENX</BICFI>', '<BICFI>kcb-kenya</BICFI>');
    const wrongNamespace = valid.replace('pacs.008.001.09"', 'pacs.008.001.08"');

    expect(await schemaErrors(PACS_008, valid)).toEqual([]);
    expect((await schemaErrors(PACS_008, withoutChargeBearer)).join('\n')).toContain('ChrgBr');
    expect((await schemaErrors(PACS_008, badBic)).join('\n')).toContain('BICFI');
    expect(await schemaErrors(PACS_008, wrongNamespace)).not.toEqual([]);
  });
});
