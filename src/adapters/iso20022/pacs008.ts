import { DomainError } from '../../core/errors';
import type { Decimal } from '../../core/money';
import {
  agentElement,
  amountElement,
  exchangeRate,
  isoDate,
  isoDateTime,
  optionalText,
  organisationElement,
  paymentIdentification,
  creditTransferGroupHeader,
} from './fields';
import { MAX_ID_LENGTH, NOT_PROVIDED, type TransactionIdentification, customerTransferIdentification, fitIdentifier } from './identifiers';
import type { Institution, Payment, Refund, Region, SettlementWindow } from './types';
import { el, isoDocument, text, type XmlElement } from './xml';

export const PACS_008 = 'pacs.008.001.09';

interface Money {
  amount: Decimal;
  currency: string;
}

/** One customer credit transfer as it crosses the clearing system: who instructs whom, for how much. */
interface CustomerTransfer {
  region: Region;
  ids: TransactionIdentification;
  /** When the instruction entered the clearing system (capture, refund): the message's creation time. */
  instructedAt: Date;
  settledAt: Date | null;
  window: SettlementWindow | null;
  instructed: Money;
  interbank: Money;
  charges: (Money & { agent: Institution }) | null;
  instructingAgent: Institution;
  instructedAgent: Institution;
  debtor: XmlElement;
  debtorAgent: Institution;
  creditorAgent: Institution;
  creditor: XmlElement;
  remittance: XmlElement;
}

/**
 * The amounts that cross between the two sides. Cross-border: the regional leg, in the settlement asset,
 * between the two central banks. Domestic (one central bank): what the creditor's participant receives,
 * in local currency, between the two participants.
 */
export function interbankLeg(payment: Payment): {
  crossBorder: boolean;
  instructingAgent: Institution;
  instructedAgent: Institution;
  interbank: Money;
} {
  const crossBorder = payment.payer.centralBank.code !== payment.merchant.centralBank.code;
  return crossBorder
    ? {
        crossBorder,
        instructingAgent: payment.payer.centralBank,
        instructedAgent: payment.merchant.centralBank,
        interbank: { amount: payment.settlementAmount, currency: payment.region.settlementAsset },
      }
    : {
        crossBorder,
        instructingAgent: payment.payer.participant,
        instructedAgent: payment.merchant.participant,
        interbank: { amount: payment.amount, currency: payment.currency },
      };
}

/**
 * pacs.008 (FI-to-FI customer credit transfer) for one captured payment: the payer's participant is the
 * debtor agent, the merchant's the creditor agent; a cross-border payment travels from the payer's
 * central bank (instructing agent) to the merchant's (instructed agent) in the settlement asset. The
 * payer pays the fee on top (`ChrgBr` `DEBT`), to its central bank. See docs/iso20022.md.
 */
export function pacs008(payment: Payment): string {
  if (payment.capturedAt === null) {
    throw new DomainError(
      'invalid_payment_state',
      `Payment ${payment.id} is ${payment.status}: only a captured payment is instructed to the clearing system.`,
    );
  }
  const leg = interbankLeg(payment);
  return customerCreditTransfer({
    region: payment.region,
    ids: customerTransferIdentification(payment.id, payment.reference),
    instructedAt: payment.capturedAt,
    settledAt: payment.settledAt,
    window: payment.window,
    instructed: { amount: payment.payerPrincipal, currency: payment.payerCurrency },
    interbank: leg.interbank,
    charges: payment.fee.isZero() ? null : { amount: payment.fee, currency: payment.payerCurrency, agent: payment.payer.centralBank },
    instructingAgent: leg.instructingAgent,
    instructedAgent: leg.instructedAgent,
    // Corridor never holds the payer's identity, only the payer's participant.
    debtor: el('Dbtr', text('Nm', NOT_PROVIDED)),
    debtorAgent: payment.payer.participant,
    creditorAgent: payment.merchant.participant,
    creditor: organisationElement('Cdtr', payment.merchant, payment.region),
    remittance: el(
      'RmtInf',
      // A reference too long for an id is shortened there; the whole of it is kept here.
      payment.reference !== null && Array.from(payment.reference).length > MAX_ID_LENGTH && optionalText('Ustrd', payment.reference, 140),
      el(
        'Strd',
        el(
          'RfrdDocInf',
          el('Tp', el('CdOrPrtry', text('Cd', 'PUOR'))),
          payment.reference !== null && payment.reference.trim() !== '' && text('Nb', fitIdentifier(payment.reference)),
          text('RltdDt', isoDate(payment.capturedAt, 'capturedAt')),
        ),
        el('RfrdDocAmt', amountElement('DuePyblAmt', payment.amount, payment.currency, 'amount')),
      ),
    ),
  });
}

/**
 * pacs.008 for a refund: the payment's path reversed, the merchant's participant now the debtor agent
 * and the payer's participant the creditor agent. The merchant's credit note (`CdtNoteAmt`, merchant
 * currency) and what reaches the payer (`RmtdAmt`, payer currency) travel in the remittance.
 */
export function pacs008Refund(refund: Refund): string {
  const { payment } = refund;
  const leg = interbankLeg(payment);
  return customerCreditTransfer({
    region: payment.region,
    ids: customerTransferIdentification(refund.id, payment.reference),
    instructedAt: refund.createdAt,
    settledAt: refund.settledAt,
    window: refund.window,
    instructed: { amount: refund.amount, currency: payment.currency },
    interbank: leg.crossBorder
      ? { amount: refund.settlementAmount, currency: payment.region.settlementAsset }
      : { amount: refund.payerAmount, currency: payment.payerCurrency },
    charges: null,
    instructingAgent: leg.instructedAgent,
    instructedAgent: leg.instructingAgent,
    debtor: organisationElement('Dbtr', payment.merchant, payment.region),
    debtorAgent: payment.merchant.participant,
    creditorAgent: payment.payer.participant,
    creditor: el('Cdtr', text('Nm', NOT_PROVIDED)),
    remittance: el(
      'RmtInf',
      optionalText('Ustrd', `Refund of payment ${payment.id}${refund.reason ? `: ${refund.reason}` : ''}`, 140),
      el(
        'Strd',
        el('RfrdDocInf', el('Tp', el('CdOrPrtry', text('Cd', 'CREN'))), text('Nb', fitIdentifier(refund.id))),
        el(
          'RfrdDocAmt',
          amountElement('CdtNoteAmt', refund.amount, payment.currency, 'amount'),
          amountElement('RmtdAmt', refund.payerAmount, payment.payerCurrency, 'payerAmount'),
        ),
      ),
    ),
  });
}

function customerCreditTransfer(transfer: CustomerTransfer): string {
  const { region, ids, instructed, interbank } = transfer;
  const converted = instructed.currency !== interbank.currency;
  return isoDocument(
    PACS_008,
    el(
      'FIToFICstmrCdtTrf',
      creditTransferGroupHeader(ids, transfer.instructedAt, 'instructedAt', region),
      el(
        'CdtTrfTxInf',
        paymentIdentification(ids, transfer.window?.id ?? null),
        amountElement('IntrBkSttlmAmt', interbank.amount, interbank.currency, 'interbank.amount'),
        transfer.settledAt !== null && text('IntrBkSttlmDt', isoDate(transfer.settledAt, 'settledAt')),
        text('AccptncDtTm', isoDateTime(transfer.instructedAt, 'instructedAt')),
        amountElement('InstdAmt', instructed.amount, instructed.currency, 'instructed.amount'),
        converted && text('XchgRate', exchangeRate(interbank.amount, instructed.amount, 'rate')),
        text('ChrgBr', 'DEBT'),
        transfer.charges !== null &&
          el(
            'ChrgsInf',
            amountElement('Amt', transfer.charges.amount, transfer.charges.currency, 'fee'),
            agentElement('Agt', transfer.charges.agent, region, 'charges.agent'),
          ),
        agentElement('InstgAgt', transfer.instructingAgent, region, 'instructingAgent'),
        agentElement('InstdAgt', transfer.instructedAgent, region, 'instructedAgent'),
        transfer.debtor,
        agentElement('DbtrAgt', transfer.debtorAgent, region, 'debtorAgent'),
        agentElement('CdtrAgt', transfer.creditorAgent, region, 'creditorAgent'),
        transfer.creditor,
        transfer.remittance,
      ),
    ),
  );
}
