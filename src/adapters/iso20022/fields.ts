import { DomainError } from '../../core/errors';
import { Decimal, currencyScale, formatAmount } from '../../core/money';
import { MAX_ID_LENGTH, type TransactionIdentification, fitIdentifier } from './identifiers';
import type { Institution, Region } from './types';
import { el, text, type XmlElement } from './xml';

/** `BICFIDec2014Identifier` / `AnyBICDec2014Identifier`. */
const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const COUNTRY = /^[A-Z]{2}$/;
/** `ActiveOrHistoricCurrencyAndAmount`: at most 18 digits in all (and 5 after the point, above every ISO 4217 scale). */
const MAX_AMOUNT_DIGITS = 18;
/** `BaseOneRate`: 11 digits in all, at most 10 after the point. */
const RATE_TOTAL_DIGITS = 11;
const RATE_FRACTION_DIGITS = 10;

function isBic(code: string): boolean {
  return BIC.test(code);
}

/**
 * An amount as ISO 20022 writes it: never negative (direction travels in `CdtDbtInd`), exactly the
 * currency's decimals by `formatAmount`, and refused rather than rounded when it has more decimals
 * than the currency or more digits than the schema holds.
 */
export function isoAmount(value: Decimal, currency: string, field: string): string {
  const amount = new Decimal(value);
  const scale = currencyScale(currency, `${field}.currency`);
  if (!amount.isFinite()) {
    throw new DomainError('invalid_amount', 'amount must be a finite decimal', field);
  }
  if (amount.isNegative() && !amount.isZero()) {
    throw new DomainError('amount_negative', 'ISO 20022 amounts are zero or more; the direction is said separately', field);
  }
  if (amount.decimalPlaces() > scale) {
    throw new DomainError('amount_precision_exceeded', `${currency} amounts have at most ${scale} decimal places`, field);
  }
  const formatted = formatAmount(amount.abs(), currency);
  const integerDigits = amount.abs().truncated().isZero() ? 0 : amount.abs().truncated().toFixed().length;
  if (integerDigits + scale > MAX_AMOUNT_DIGITS) {
    throw new DomainError(
      'amount_too_large',
      `${formatted} ${currency} has more than the ${MAX_AMOUNT_DIGITS} digits ISO 20022 amounts hold`,
      field,
    );
  }
  return formatted;
}

/** An `…CurrencyAndAmount` element: the amount with its currency in `Ccy`. */
export function amountElement(name: string, value: Decimal, currency: string, field: string): XmlElement {
  return text(name, isoAmount(value, currency, field), [['Ccy', currency]]);
}

/**
 * A `BaseOneRate`: what one unit of `from`'s currency is worth in `to`'s, from the two amounts, rounded
 * half-even to what the schema holds. The amounts stay exact; the rate only reconciles them.
 */
export function exchangeRate(to: Decimal, from: Decimal, field: string): string {
  if (!new Decimal(from).gt(0)) {
    throw new DomainError('exchange_rate_out_of_range', 'an exchange rate needs an amount greater than zero to convert from', field);
  }
  const rate = new Decimal(to).div(from);
  const integerDigits = rate.truncated().isZero() ? 0 : rate.truncated().toFixed().length;
  const places = Math.min(RATE_FRACTION_DIGITS, RATE_TOTAL_DIGITS - integerDigits);
  const rounded = places < 0 ? rate : rate.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  if (places < 0 || rounded.isZero()) {
    throw new DomainError('exchange_rate_out_of_range', `the rate ${rate.toFixed()} does not fit ISO 20022's BaseOneRate`, field);
  }
  return rounded.toFixed();
}

/**
 * Free text cut to the schema's length in characters (never inside a surrogate pair); `undefined` when
 * nothing is left, so the optional element is left out rather than sent empty.
 */
export function fitText(value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  return Array.from(trimmed).slice(0, max).join('').trim();
}

export function optionalText(name: string, value: string | null | undefined, max: number): XmlElement | undefined {
  const fitted = fitText(value, max);
  return fitted === undefined ? undefined : text(name, fitted);
}

/** Text longer than one element holds, in as many elements as it takes (`AddtlInf` is `Max105Text`, repeatable). */
export function textChunks(name: string, value: string | null | undefined, max: number): XmlElement[] {
  const trimmed = value?.trim() ?? '';
  const characters = Array.from(trimmed);
  const chunks: XmlElement[] = [];
  for (let start = 0; start < characters.length; start += max) {
    chunks.push(text(name, characters.slice(start, start + max).join('')));
  }
  return chunks;
}

export function isoDateTime(value: Date, field: string): string {
  return validDate(value, field).toISOString();
}

/** The UTC calendar date. */
export function isoDate(value: Date, field: string): string {
  return validDate(value, field).toISOString().slice(0, 10);
}

function validDate(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainError('invalid_date', 'a valid date and time is needed', field);
  }
  return value;
}

function country(institution: Institution, field: string): XmlElement | undefined {
  if (institution.country === undefined) return undefined;
  if (!COUNTRY.test(institution.country)) {
    throw new DomainError('invalid_country', 'a country is an ISO 3166-1 alpha-2 code such as KE', `${field}.country`);
  }
  return el('PstlAdr', text('Ctry', institution.country));
}

/** The region issues the codes that are not BICs; its id says so in `Issr`. */
function issuedByRegion(code: string, region: Region, max = MAX_ID_LENGTH): XmlElement[] {
  return [text('Id', fitIdentifier(code, max, 'code')), text('Issr', fitIdentifier(region.id, MAX_ID_LENGTH, 'region.id'))];
}

/** `BranchAndFinancialInstitutionIdentification6`: BIC when the code is one, otherwise the region's code in `Othr`. */
export function agentElement(name: string, institution: Institution, region: Region, field: string): XmlElement {
  const bic = isBic(institution.code);
  return el(
    name,
    el(
      'FinInstnId',
      bic && text('BICFI', institution.code),
      optionalText('Nm', institution.name, 140),
      country(institution, field),
      !bic && el('Othr', ...issuedByRegion(institution.code, region)),
    ),
  );
}

/** `PartyIdentification135` for an organisation known by a region code (a merchant, a central bank as account owner). */
export function organisationElement(name: string, party: { code: string; name: string }, region: Region): XmlElement {
  return el(
    name,
    optionalText('Nm', party.name, 140),
    el('Id', el('OrgId', isBic(party.code) ? text('AnyBIC', party.code) : el('Othr', ...issuedByRegion(party.code, region)))),
  );
}

/**
 * A central bank's settlement account at the region's settlement agent (`CashAccount38`): its number is
 * the central bank's code, issued by the region, of type `SACC` (settlement account).
 */
export function settlementAccountElements(centralBank: Institution, region: Region): XmlElement[] {
  return [
    el('Id', el('Othr', ...issuedByRegion(centralBank.code, region, 34))),
    el('Tp', text('Cd', 'SACC')),
    text('Ccy', region.settlementAsset),
  ];
}

/** Settled through the clearing system (the region), whose window carries the transaction. */
export function clearingSettlement(region: Region): XmlElement {
  return el('SttlmInf', text('SttlmMtd', 'CLRG'), el('ClrSys', text('Prtry', fitIdentifier(region.id, MAX_ID_LENGTH, 'region.id'))));
}

/** The group header of a credit transfer (pacs.008, pacs.009): one transaction, settled in the clearing system. */
export function creditTransferGroupHeader(
  ids: TransactionIdentification,
  createdAt: Date,
  createdAtField: string,
  region: Region,
): XmlElement {
  return el(
    'GrpHdr',
    text('MsgId', ids.messageId),
    text('CreDtTm', isoDateTime(createdAt, createdAtField)),
    text('NbOfTxs', '1'),
    clearingSettlement(region),
  );
}

/** A transaction's identification, with the settlement window that carries it as the clearing reference. */
export function paymentIdentification(ids: TransactionIdentification, windowId: string | null): XmlElement {
  return el(
    'PmtId',
    text('InstrId', ids.instructionId),
    text('EndToEndId', ids.endToEndId),
    text('TxId', ids.transactionId),
    text('UETR', ids.uetr),
    windowId !== null && text('ClrSysRef', fitIdentifier(windowId)),
  );
}
