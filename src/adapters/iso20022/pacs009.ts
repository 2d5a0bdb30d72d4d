import { DomainError } from '../../core/errors';
import { Decimal } from '../../core/money';
import {
  agentElement,
  amountElement,
  creditTransferGroupHeader,
  isoDate,
  optionalText,
  paymentIdentification,
  settlementAccountElements,
} from './fields';
import { settlementTransferIdentification } from './identifiers';
import type { WindowSettlementTransfer } from './types';
import { el, isoDocument, text } from './xml';

export const PACS_009 = 'pacs.009.001.09';

/**
 * pacs.009 (financial institution credit transfer) for one transfer that settles a closed window: a net
 * debtor central bank pays the region's settlement agent from its settlement account (`pay_in`), or the
 * agent pays a net creditor into it (`pay_out`), in the settlement asset.
 */
export function pacs009(transfer: WindowSettlementTransfer): string {
  const { region, window, centralBank, direction } = transfer;
  if (direction !== 'pay_in' && direction !== 'pay_out') {
    throw new DomainError('invalid_transfer_direction', 'a settlement transfer is a pay_in or a pay_out', 'direction');
  }
  if (window.closedAt === null) {
    throw new DomainError('window_not_closed', `Window ${window.number} has not closed: it has no settlement transfers yet.`, 'window');
  }
  if (!new Decimal(transfer.amount).gt(0)) {
    throw new DomainError('amount_not_positive', 'a settlement transfer moves an amount greater than zero', 'amount');
  }
  const ids = settlementTransferIdentification(window, centralBank, direction);
  const payIn = direction === 'pay_in';
  const agent = region.settlementAgent;
  const [debtor, creditor] = payIn ? [centralBank, agent] : [agent, centralBank];
  const account = el(payIn ? 'DbtrAcct' : 'CdtrAcct', ...settlementAccountElements(centralBank, region));
  return isoDocument(
    PACS_009,
    el(
      'FICdtTrf',
      creditTransferGroupHeader(ids, window.closedAt, 'window.closedAt', region),
      el(
        'CdtTrfTxInf',
        paymentIdentification(ids, window.id),
        amountElement('IntrBkSttlmAmt', transfer.amount, region.settlementAsset, 'amount'),
        text('IntrBkSttlmDt', isoDate(window.settledAt ?? window.closedAt, 'window.settledAt')),
        agentElement('InstgAgt', debtor, region, 'debtor'),
        agentElement('InstdAgt', creditor, region, 'creditor'),
        agentElement('Dbtr', debtor, region, 'debtor'),
        payIn && account,
        agentElement('Cdtr', creditor, region, 'creditor'),
        !payIn && account,
        el(
          'RmtInf',
          optionalText(
            'Ustrd',
            `${payIn ? 'Net debit' : 'Net credit'} of ${centralBank.code} in settlement window ${window.number} (${window.id})`,
            140,
          ),
        ),
      ),
    ),
  );
}
