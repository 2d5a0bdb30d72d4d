import type { Decimal } from '../money/decimal';
import type { PartyKind } from '../settlement/settlement-plan';

/**
 * The obligations a captured payment (or a refund, reversed) creates, in the two tiers of a regional
 * system:
 * - domestic, in local currency: the payer's participant owes its central bank what the payer pays;
 *   the merchant's central bank owes the merchant's participant what the merchant receives;
 * - regional, in the settlement asset: the payer's central bank owes the merchant's central bank.
 * A payment inside one central bank's area has no regional leg: its domestic legs meet at that bank.
 */
export interface PaymentLegs {
  reference: string;
  payerParticipantId: string;
  payerCentralBankId: string;
  payerCurrency: string;
  /** What the payer's participant pays in (payer currency, fee included). */
  payerAmount: Decimal;
  merchantParticipantId: string;
  merchantCentralBankId: string;
  merchantCurrency: string;
  /** What the merchant's participant receives (merchant currency). */
  merchantAmount: Decimal;
  settlementAsset: string;
  settlementAmount: Decimal;
}

export interface TierObligation {
  tier: 'regional' | 'domestic';
  reference: string;
  debtor: string;
  debtorKind: PartyKind;
  creditor: string;
  creditorKind: PartyKind;
  currency: string;
  amount: Decimal;
}

/** Obligations of a capture: money flows from the payer's side to the merchant's. */
export function captureObligations(legs: PaymentLegs): TierObligation[] {
  const obligations: TierObligation[] = [
    {
      tier: 'domestic',
      reference: legs.reference,
      debtor: legs.payerParticipantId,
      debtorKind: 'participant',
      creditor: legs.payerCentralBankId,
      creditorKind: 'central_bank',
      currency: legs.payerCurrency,
      amount: legs.payerAmount,
    },
  ];
  if (legs.payerCentralBankId !== legs.merchantCentralBankId) {
    obligations.push({
      tier: 'regional',
      reference: legs.reference,
      debtor: legs.payerCentralBankId,
      debtorKind: 'central_bank',
      creditor: legs.merchantCentralBankId,
      creditorKind: 'central_bank',
      currency: legs.settlementAsset,
      amount: legs.settlementAmount,
    });
  }
  obligations.push({
    tier: 'domestic',
    reference: legs.reference,
    debtor: legs.merchantCentralBankId,
    debtorKind: 'central_bank',
    creditor: legs.merchantParticipantId,
    creditorKind: 'participant',
    currency: legs.merchantCurrency,
    amount: legs.merchantAmount,
  });
  return obligations.filter((o) => o.amount.gt(0));
}

/** Obligations of a refund: the same legs, every one reversed. */
export function refundObligations(legs: PaymentLegs): TierObligation[] {
  return captureObligations(legs).map((o) => ({
    ...o,
    debtor: o.creditor,
    debtorKind: o.creditorKind,
    creditor: o.debtor,
    creditorKind: o.debtorKind,
  }));
}
