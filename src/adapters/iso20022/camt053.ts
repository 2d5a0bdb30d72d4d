import { DomainError } from '../../core/errors';
import { Decimal, formatAmount } from '../../core/money';
import {
  agentElement,
  amountElement,
  fitText,
  isoAmount,
  isoDate,
  isoDateTime,
  optionalText,
  organisationElement,
  settlementAccountElements,
} from './fields';
import { fitIdentifier, settlementTransferIdentification } from './identifiers';
import type { AccountStatement, Region, StatementEntry } from './types';
import { el, isoDocument, text, type XmlElement } from './xml';

export const CAMT_053 = 'camt.053.001.08';

/**
 * camt.053 (bank-to-customer statement) of a central bank's settlement account at the region's
 * settlement agent over one window: booked opening and closing balances (`OPBD`, `CLBD`), totals, and
 * one entry per posting. A window's settlement transfer carries the ids of its pacs.009, so the
 * central bank can match the two.
 */
export function camt053(statement: AccountStatement): string {
  const { region, window, centralBank, entries } = statement;
  if (window.closedAt === null) {
    throw new DomainError('window_not_closed', `Window ${window.number} is still open: its statement is not final.`, 'window');
  }
  if (!Number.isSafeInteger(window.number) || window.number < 1) {
    throw new DomainError('invalid_window_number', 'a window number is a whole number from 1', 'window.number');
  }
  const asset = region.settlementAsset;
  const opening = new Decimal(statement.openingBalance);
  const closing = new Decimal(statement.closingBalance);
  const amounts = entries.map((entry, index) => {
    const amount = new Decimal(entry.amount);
    if (amount.isZero()) {
      throw new DomainError('zero_amount_entry', `entry ${entry.journalEntryId} moves nothing`, `entries[${index}].amount`);
    }
    return amount;
  });
  const net = amounts.reduce((sum, amount) => sum.plus(amount), new Decimal(0));
  if (!opening.plus(net).eq(closing)) {
    throw new DomainError(
      'statement_out_of_balance',
      `opening ${formatAmount(opening, asset)} + entries ${formatAmount(net, asset)} is not the closing ${formatAmount(closing, asset)} ${asset}`,
      'closingBalance',
    );
  }
  const credits = amounts.filter((amount) => amount.gt(0));
  const debits = amounts.filter((amount) => amount.lt(0)).map((amount) => amount.negated());
  const sum = (values: Decimal[]) => values.reduce((total, value) => total.plus(value), new Decimal(0));
  const id = fitIdentifier(`W${window.number}-STMT-${centralBank.code}`);
  const createdAt = isoDateTime(window.settledAt ?? window.closedAt, 'window.settledAt');

  return isoDocument(
    CAMT_053,
    el(
      'BkToCstmrStmt',
      el('GrpHdr', text('MsgId', id), text('CreDtTm', createdAt), organisationElement('MsgRcpt', centralBank, region)),
      el(
        'Stmt',
        text('Id', id),
        text('ElctrncSeqNb', String(window.number)),
        text('CreDtTm', createdAt),
        el(
          'FrToDt',
          text('FrDtTm', isoDateTime(window.openedAt, 'window.openedAt')),
          text('ToDtTm', isoDateTime(window.closedAt, 'window.closedAt')),
        ),
        el(
          'Acct',
          ...settlementAccountElements(centralBank, region),
          optionalText('Nm', `${fitText(centralBank.name, 50) ?? centralBank.code} settlement account`, 70),
          organisationElement('Ownr', centralBank, region),
          agentElement('Svcr', region.settlementAgent, region, 'region.settlementAgent'),
        ),
        balance('OPBD', opening, asset, window.openedAt, 'openingBalance'),
        balance('CLBD', closing, asset, window.closedAt, 'closingBalance'),
        el(
          'TxsSummry',
          el(
            'TtlNtries',
            text('NbOfNtries', String(amounts.length)),
            text('Sum', isoAmount(sum(credits).plus(sum(debits)), asset, 'entries')),
            el('TtlNetNtry', text('Amt', isoAmount(net.abs(), asset, 'entries')), direction(net)),
          ),
          el('TtlCdtNtries', text('NbOfNtries', String(credits.length)), text('Sum', isoAmount(sum(credits), asset, 'entries'))),
          el('TtlDbtNtries', text('NbOfNtries', String(debits.length)), text('Sum', isoAmount(sum(debits), asset, 'entries'))),
        ),
        entries.map((entry, index) => entryElement(entry, region, statement, `entries[${index}]`)),
      ),
    ),
  );
}

/** `CRDT` for money the account holder has (or receives), `DBIT` for what it owes (or pays). */
function direction(amount: Decimal): XmlElement {
  return text('CdtDbtInd', amount.isNegative() && !amount.isZero() ? 'DBIT' : 'CRDT');
}

function balance(code: 'OPBD' | 'CLBD', amount: Decimal, asset: string, at: Date, field: string): XmlElement {
  return el(
    'Bal',
    el('Tp', el('CdOrPrtry', text('Cd', code))),
    amountElement('Amt', amount.abs(), asset, field),
    direction(amount),
    el('Dt', text('DtTm', isoDateTime(at, field))),
  );
}

/**
 * A window's settlement transfer is an FI credit transfer (`PMNT`, issued `ICDT` or received `RCDT`,
 * `FICT`); other postings keep the journal's own kind, as a proprietary code issued by the region.
 */
function entryElement(entry: StatementEntry, region: Region, statement: AccountStatement, field: string): XmlElement {
  const amount = new Decimal(entry.amount);
  const asset = region.settlementAsset;
  const debit = amount.isNegative();
  const settles = entry.settlementOf;
  const transfer = settles && settlementTransferIdentification(settles, statement.centralBank, debit ? 'pay_in' : 'pay_out');
  return el(
    'Ntry',
    text('NtryRef', entry.journalSequence.toString()),
    amountElement('Amt', amount.abs(), asset, `${field}.amount`),
    direction(amount),
    el('Sts', text('Cd', 'BOOK')),
    el('BookgDt', text('DtTm', isoDateTime(entry.bookedAt, `${field}.bookedAt`))),
    el('ValDt', text('Dt', isoDate(entry.bookedAt, `${field}.bookedAt`))),
    text('AcctSvcrRef', fitIdentifier(entry.journalEntryId, 35, `${field}.journalEntryId`)),
    el(
      'BkTxCd',
      transfer
        ? el('Domn', text('Cd', 'PMNT'), el('Fmly', text('Cd', debit ? 'ICDT' : 'RCDT'), text('SubFmlyCd', 'FICT')))
        : el('Prtry', text('Cd', fitIdentifier(entry.kind, 35, `${field}.kind`)), text('Issr', fitIdentifier(region.id, 35, 'region.id'))),
    ),
    transfer &&
      settles &&
      el(
        'NtryDtls',
        el(
          'TxDtls',
          el(
            'Refs',
            text('MsgId', transfer.messageId),
            text('InstrId', transfer.instructionId),
            text('EndToEndId', transfer.endToEndId),
            text('UETR', transfer.uetr),
            text('TxId', transfer.transactionId),
            text('ClrSysRef', fitIdentifier(settles.id)),
          ),
          amountElement('Amt', amount.abs(), asset, `${field}.amount`),
          direction(amount),
        ),
      ),
    // The journal entry id is often longer than AcctSvcrRef holds: here it is whole.
    optionalText('AddtlNtryInf', `${fitText(entry.description, 400) ?? entry.kind} (journal entry ${entry.journalEntryId})`, 500),
  );
}
