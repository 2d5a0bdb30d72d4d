import { Decimal } from '../money/decimal';
import { captureObligations, type PaymentLegs, refundObligations } from './two-tier-obligations';

const legs: PaymentLegs = {
  reference: 'pay_1',
  payerParticipantId: 'par_ke',
  payerCentralBankId: 'cb_ke',
  payerCurrency: 'KES',
  payerAmount: new Decimal('13050.00'),
  merchantParticipantId: 'par_gh',
  merchantCentralBankId: 'cb_gh',
  merchantCurrency: 'GHS',
  merchantAmount: new Decimal('1200.00'),
  settlementAsset: 'USD',
  settlementAmount: new Decimal('100.00'),
};

const summary = (o: ReturnType<typeof captureObligations>[number]) =>
  `${o.tier} ${o.debtor}→${o.creditor} ${o.amount.toFixed()} ${o.currency}`;

describe('captureObligations', () => {
  it('yields both domestic legs and the regional leg of a cross-border payment', () => {
    expect(captureObligations(legs).map(summary)).toEqual([
      'domestic par_ke→cb_ke 13050 KES', // the payer's bank owes its central bank what the payer paid
      'regional cb_ke→cb_gh 100 USD', // the central banks settle in the settlement asset
      'domestic cb_gh→par_gh 1200 GHS', // the merchant's central bank owes the merchant's bank
    ]);
  });

  it('has no regional leg when payer and merchant bank under the same central bank', () => {
    const domestic = captureObligations({
      ...legs,
      merchantCentralBankId: 'cb_ke',
      merchantCurrency: 'KES',
      merchantAmount: new Decimal('13000'),
    });
    expect(domestic.map((o) => o.tier)).toEqual(['domestic', 'domestic']);
  });
});

describe('refundObligations', () => {
  it('reverses every leg of the capture', () => {
    expect(refundObligations(legs).map(summary)).toEqual([
      'domestic cb_ke→par_ke 13050 KES',
      'regional cb_gh→cb_ke 100 USD',
      'domestic par_gh→cb_gh 1200 GHS',
    ]);
  });
});
