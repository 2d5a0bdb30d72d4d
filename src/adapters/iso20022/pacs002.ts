import { DomainError } from '../../core/errors';
import { agentElement, amountElement, clearingSettlement, isoDate, isoDateTime, textChunks } from './fields';
import { customerTransferIdentification, fitIdentifier } from './identifiers';
import { PACS_008, interbankLeg } from './pacs008';
import type { Payment } from './types';
import { el, isoDocument, text } from './xml';

export const PACS_002 = 'pacs.002.001.11';

/** The ISO 20022 transaction statuses (`ExternalPaymentTransactionStatus1Code`) Corridor reports. */
export type TransactionStatusCode = 'PDNG' | 'ACSP' | 'ACSC' | 'RJCT' | 'CANC';

/**
 * ISO 20022 status reasons (`ExternalStatusReason1Code`) for Corridor's failure codes. A failure code not
 * listed travels as it is, as a proprietary reason.
 */
export const FAILURE_REASON_CODES: Readonly<Record<string, string>> = Object.freeze({
  // The payer's central bank could not cover its net debit when the window closed.
  settlement_unwound: 'AM04',
});

/** What a pacs.002 says about a payment, decided from its Corridor status alone. */
export interface PaymentStatusReport {
  status: TransactionStatusCode;
  /** When the payment reached that status: the report's creation time. */
  at: Date;
  reason?: { code: string } | { proprietary: string };
  /** Human words for the status, sent as `AddtlInf`. */
  explanation?: string;
}

/** Corridor's payment status → the ISO 20022 transaction status, with its reason (docs/iso20022.md has the table). */
export function paymentStatusReport(payment: Payment): PaymentStatusReport {
  const failed = (): Pick<PaymentStatusReport, 'reason' | 'explanation'> => {
    if (payment.failure === null) return {};
    const code = FAILURE_REASON_CODES[payment.failure.code];
    return {
      reason: code === undefined ? { proprietary: payment.failure.code } : { code },
      explanation: payment.failure.reason,
    };
  };
  switch (payment.status) {
    case 'pending':
      return { status: 'PDNG', at: payment.createdAt, explanation: "Waiting for the payer's participant to authorize it." };
    case 'authorized':
      return { status: 'PDNG', at: payment.updatedAt, explanation: 'Authorized; waiting for the merchant to capture it.' };
    case 'captured':
      return {
        status: 'ACSP',
        at: payment.capturedAt ?? payment.updatedAt,
        ...(payment.window !== null && { explanation: `Captured; settles when settlement window ${payment.window.number} closes.` }),
      };
    case 'settled':
      return { status: 'ACSC', at: payment.settledAt ?? payment.updatedAt };
    case 'declined':
    case 'failed':
      return { status: 'RJCT', at: payment.updatedAt, ...failed() };
    case 'voided':
      return { status: 'CANC', at: payment.updatedAt, explanation: 'Voided by the merchant before capture.' };
    case 'expired':
      return { status: 'CANC', at: payment.updatedAt, explanation: 'The authorization expired before the merchant captured it.' };
    default:
      throw new DomainError('invalid_payment_state', `Payment ${payment.id} has no known status (${String(payment.status)}).`, 'status');
  }
}

/**
 * pacs.002 (FI-to-FI payment status report) for one payment, from the region's settlement agent to the
 * payment's instructing agent. It refers to the payment's pacs.008 by the same ids, so the receiver can
 * match them.
 */
export function pacs002(payment: Payment): string {
  const report = paymentStatusReport(payment);
  const ids = customerTransferIdentification(payment.id, payment.reference);
  const leg = interbankLeg(payment);
  const { region } = payment;
  const explanation = textChunks('AddtlInf', report.explanation, 105);
  const settledOn = report.status === 'ACSC' && payment.settledAt !== null ? isoDate(payment.settledAt, 'settledAt') : undefined;
  return isoDocument(
    PACS_002,
    el(
      'FIToFIPmtStsRpt',
      el(
        'GrpHdr',
        text('MsgId', fitIdentifier(`${payment.id}-${report.status}`)),
        text('CreDtTm', isoDateTime(report.at, 'statusAt')),
        agentElement('InstgAgt', region.settlementAgent, region, 'region.settlementAgent'),
        agentElement('InstdAgt', leg.instructingAgent, region, 'instructingAgent'),
      ),
      el(
        'TxInfAndSts',
        el(
          'OrgnlGrpInf',
          text('OrgnlMsgId', ids.messageId),
          text('OrgnlMsgNmId', PACS_008),
          payment.capturedAt !== null && text('OrgnlCreDtTm', isoDateTime(payment.capturedAt, 'capturedAt')),
        ),
        text('OrgnlInstrId', ids.instructionId),
        text('OrgnlEndToEndId', ids.endToEndId),
        text('OrgnlTxId', ids.transactionId),
        text('OrgnlUETR', ids.uetr),
        text('TxSts', report.status),
        (report.reason !== undefined || explanation.length > 0) &&
          el(
            'StsRsnInf',
            report.reason !== undefined &&
              el('Rsn', 'code' in report.reason ? text('Cd', report.reason.code) : text('Prtry', fitIdentifier(report.reason.proprietary))),
            explanation,
          ),
        payment.capturedAt !== null && text('AccptncDtTm', isoDateTime(payment.capturedAt, 'capturedAt')),
        settledOn !== undefined && el('FctvIntrBkSttlmDt', text('Dt', settledOn)),
        payment.window !== null && text('ClrSysRef', fitIdentifier(payment.window.id)),
        el(
          'OrgnlTxRef',
          amountElement('IntrBkSttlmAmt', leg.interbank.amount, leg.interbank.currency, 'interbank.amount'),
          settledOn !== undefined && text('IntrBkSttlmDt', settledOn),
          clearingSettlement(region),
          agentElement('DbtrAgt', payment.payer.participant, region, 'payer.participant'),
          agentElement('CdtrAgt', payment.merchant.participant, region, 'merchant.participant'),
        ),
      ),
    ),
  );
}
