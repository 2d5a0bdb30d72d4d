import type { PaymentLegs } from '../../core/payments';
import type { Payment } from '../../generated/prisma/client';
import { toDecimal } from '../shared/wire-format';

/** The two-tier legs of a stored payment, for what was captured or for a refunded part of it. */
export function paymentLegs(
  payment: Payment,
  settlementAsset: string,
  amounts?: {
    reference: string;
    payerAmount: PaymentLegs['payerAmount'];
    merchantAmount: PaymentLegs['merchantAmount'];
    settlementAmount: PaymentLegs['settlementAmount'];
  },
): PaymentLegs {
  return {
    reference: amounts?.reference ?? payment.id,
    payerParticipantId: payment.payerParticipantId,
    payerCentralBankId: payment.payerCentralBankId,
    payerCurrency: payment.payerCurrency,
    payerAmount: amounts?.payerAmount ?? toDecimal(payment.payerAmount),
    merchantParticipantId: payment.merchantParticipantId,
    merchantCentralBankId: payment.merchantCentralBankId,
    merchantCurrency: payment.currency,
    merchantAmount: amounts?.merchantAmount ?? toDecimal(payment.amountCaptured),
    settlementAsset,
    settlementAmount: amounts?.settlementAmount ?? toDecimal(payment.settlementAmount),
  };
}
