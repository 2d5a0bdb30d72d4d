import { type AccountStatement, CAMT_053, camt053, pacs009 } from '../../../src/adapters/iso20022';
import { Decimal } from '../../../src/core/money';
import { domainErrorOf } from '../../../src/core/test-support';
import { centralBankOfKenya, region, window7 } from './pilot-region';
import { elementOf, schemaErrors, textsOf } from './schema-validation';

/** Central Bank of Kenya's settlement account over window 7: two prefunding top-ups, then its net debit paid in. */
function kenyaInWindow7(): AccountStatement {
  return {
    region,
    window: window7,
    centralBank: centralBankOfKenya,
    openingBalance: new Decimal('250000.00'),
    closingBalance: new Decimal('263765.44'),
    entries: [
      {
        journalSequence: 41n,
        journalEntryId: 'je_liq_01JDA6A0B2C4D6E8F0G2H4J6K8',
        kind: 'prefunding',
        description: 'Prefunding of Central Bank of Kenya',
        amount: new Decimal('10000.00'),
        bookedAt: new Date('2026-11-23T09:15:00.000Z'),
      },
      {
        journalSequence: 57n,
        journalEntryId: 'je_liq_01JDA6F1H3K5M7P9R1T3V5X7Z9',
        kind: 'prefunding',
        description: 'Prefunding of Central Bank of Kenya',
        amount: new Decimal('5000.00'),
        bookedAt: new Date('2026-11-23T09:48:30.000Z'),
      },
      {
        journalSequence: 63n,
        journalEntryId: `je_${window7.id}_regional`,
        kind: 'settlement',
        description: `Regional net settlement of window ${window7.id} in USD`,
        amount: new Decimal('-1234.56'),
        bookedAt: window7.closedAt!,
        settlementOf: window7,
      },
    ],
  };
}

describe('camt.053 statement of a central bank settlement account over a window', () => {
  it('validates, with the booked opening and closing balances of the window', async () => {
    const xml = camt053(kenyaInWindow7());

    expect(await schemaErrors(CAMT_053, xml)).toEqual([]);
    const [opening, closing] = xml.split('<Bal>').slice(1);
    expect(opening).toContain('<Cd>OPBD</Cd>');
    expect(opening).toContain('<Amt Ccy="USD">250000.00</Amt>');
    expect(opening).toContain(`<DtTm>${window7.openedAt.toISOString()}</DtTm>`);
    expect(closing).toContain('<Cd>CLBD</Cd>');
    expect(closing).toContain('<Amt Ccy="USD">263765.44</Amt>');
    expect(closing).toContain(`<DtTm>${window7.closedAt!.toISOString()}</DtTm>`);
  });

  it('lists every entry with its direction, amount, booking date and journal references', () => {
    const xml = camt053(kenyaInWindow7());
    const entries = xml.split('<Ntry>').slice(1);

    expect(entries).toHaveLength(3);
    expect(entries.map((entry) => textsOf(entry, 'CdtDbtInd')[0])).toEqual(['CRDT', 'CRDT', 'DBIT']);
    expect(entries.map((entry) => textsOf(entry, 'Amt')[0])).toEqual(['10000.00', '5000.00', '1234.56']);
    expect(entries.map((entry) => textsOf(entry, 'NtryRef')[0])).toEqual(['41', '57', '63']);
    expect(textsOf(entries[0]!, 'DtTm')).toEqual(['2026-11-23T09:15:00.000Z']);
    expect(textsOf(entries[0]!, 'AcctSvcrRef')).toEqual(['je_liq_01JDA6A0B2C4D6E8F0G2H4J6K8']);
    expect(elementOf(entries[0]!, 'BkTxCd')).toContain('<Cd>prefunding</Cd>');
    // A journal id longer than AcctSvcrRef holds is shortened there, and given whole in the entry's text.
    const [shortened] = textsOf(entries[2]!, 'AcctSvcrRef');
    expect(shortened).toHaveLength(35);
    expect(shortened!.startsWith('je_win_')).toBe(true);
    expect(textsOf(entries[2]!, 'AddtlNtryInf')[0]).toContain(`(journal entry je_${window7.id}_regional)`);
  });

  it('books the window settlement as an FI credit transfer carrying the ids of its pacs.009', () => {
    const statement = kenyaInWindow7();
    const settlement = camt053(statement).split('<Ntry>')[3]!;
    const instruction = pacs009({
      region,
      window: window7,
      centralBank: centralBankOfKenya,
      direction: 'pay_in',
      amount: new Decimal('1234.56'),
    });

    expect(elementOf(settlement, 'Domn')).toContain('<Cd>PMNT</Cd>');
    expect(elementOf(settlement, 'Fmly')).toContain('<Cd>ICDT</Cd>');
    expect(elementOf(settlement, 'Fmly')).toContain('<SubFmlyCd>FICT</SubFmlyCd>');
    const refs = elementOf(settlement, 'Refs');
    for (const id of ['MsgId', 'InstrId', 'EndToEndId', 'TxId', 'UETR']) {
      expect(textsOf(refs, id)).toEqual(textsOf(instruction, id));
    }
    expect(textsOf(refs, 'ClrSysRef')).toEqual([window7.id]);
  });

  it('sums the entries: count, credits, debits and the net', () => {
    const summary = elementOf(camt053(kenyaInWindow7()), 'TxsSummry');

    expect(textsOf(elementOf(summary, 'TtlNtries'), 'NbOfNtries')).toEqual(['3']);
    expect(textsOf(elementOf(summary, 'TtlNtries'), 'Sum')).toEqual(['16234.56']);
    expect(elementOf(summary, 'TtlNetNtry')).toContain('<Amt>13765.44</Amt>');
    expect(elementOf(summary, 'TtlNetNtry')).toContain('<CdtDbtInd>CRDT</CdtDbtInd>');
    expect(textsOf(elementOf(summary, 'TtlCdtNtries'), 'Sum')).toEqual(['15000.00']);
    expect(textsOf(elementOf(summary, 'TtlDbtNtries'), 'Sum')).toEqual(['1234.56']);
  });

  it('identifies the account as the central bank settlement account at the agent', () => {
    const account = elementOf(camt053(kenyaInWindow7()), 'Acct');

    expect(account).toContain('<Cd>SACC</Cd>');
    expect(account).toContain('<Ccy>USD</Ccy>');
    expect(elementOf(account, 'Ownr')).toContain('<AnyBIC>CBKEKENX</AnyBIC>');
    expect(elementOf(account, 'Svcr')).toContain('<Id>corridor-agent</Id>');
  });

  it('refuses entries that do not take the opening balance to the closing one', () => {
    const error = domainErrorOf(() => camt053({ ...kenyaInWindow7(), closingBalance: new Decimal('263765.45') }));

    expect(error).toMatchObject({ code: 'statement_out_of_balance', field: 'closingBalance' });
  });

  it('validates a window in which nothing moved the account', async () => {
    const xml = camt053({ ...kenyaInWindow7(), closingBalance: new Decimal('250000.00'), entries: [] });

    expect(await schemaErrors(CAMT_053, xml)).toEqual([]);
    expect(xml).not.toContain('<Ntry>');
  });
});
