import type { Institution, Payment, Region, SettlementWindow } from '../../../src/adapters/iso20022';
import { priceQuote } from '../../../src/core/fx';
import { Decimal } from '../../../src/core/money';

/**
 * A small pilot region as the ISO 20022 builders receive it: Kenya (a central bank and a bank known by
 * real-looking BICs), Nigeria and Uganda (codes that are not BICs), settling in USD.
 */
export const region: Region = {
  id: 'reg_01JDA5RZ6W3M8Q2T4V6X8Y0B1C',
  name: 'East and West Africa e-commerce pilot',
  settlementAsset: 'USD',
  settlementAgent: { code: 'corridor-agent', name: 'Corridor regional settlement agent' },
};

export const centralBankOfKenya: Institution = { code: 'CBKEKENX', name: 'Central Bank of Kenya', country: 'KE' };
export const centralBankOfNigeria: Institution = { code: 'CBN', name: 'Central Bank of Nigeria', country: 'NG' };
export const bankOfUganda: Institution = { code: 'BOU', name: 'Bank of Uganda', country: 'UG' };

export const kcbBank: Institution = { code: 'KCBLKENX', name: 'KCB Bank Kenya' };
export const mpesa: Institution = { code: 'ke-mpesa', name: 'M-Pesa Payments' };
export const flutterPay: Institution = { code: 'ng-flutter', name: 'Flutter Pay' };

export const safariShop = { code: 'ke-safari-shop', name: 'Safari Shop Nairobi' };

/** Units of each currency per USD, as the region document gives them. */
const RATES = new Map([
  ['KES', new Decimal('129.50')],
  ['NGN', new Decimal('1550.00')],
  ['UGX', new Decimal('3700')],
]);

export const window7: SettlementWindow = {
  id: 'win_01JDA5S0R9W1K3M5P7R9T1V3X5',
  number: 7,
  openedAt: new Date('2026-11-23T09:00:00.000Z'),
  closedAt: new Date('2026-11-23T10:00:00.000Z'),
  settledAt: new Date('2026-11-23T10:00:01.250Z'),
};

const capturedAt = new Date('2026-11-23T09:41:07.512Z');

/**
 * A Nigerian payer buying from a Kenyan merchant, priced by the core exactly as a quote is (35 bps
 * spread, 50 bps fee), captured in window 7 and settled when it closed.
 */
export function crossBorderPayment(merchantAmount = '1250.50'): Payment {
  const price = priceQuote({
    merchantAmount: new Decimal(merchantAmount),
    merchantCurrency: 'KES',
    payerCurrency: 'NGN',
    rates: { settlementAsset: 'USD', ratePerAsset: RATES },
    policy: { spreadBps: new Decimal(35), feeBps: new Decimal(50) },
  });
  return {
    region,
    id: 'pay_01JDA6B2C4D6E8F0G2H4J6K8M0',
    status: 'settled',
    reference: 'order-10042',
    amount: price.merchantAmount,
    currency: 'KES',
    payerPrincipal: price.payerPrincipal,
    fee: price.fee,
    payerCurrency: 'NGN',
    settlementAmount: price.settlementAmount,
    failure: null,
    createdAt: new Date('2026-11-23T09:41:07.498Z'),
    updatedAt: window7.settledAt!,
    capturedAt,
    settledAt: window7.settledAt,
    window: window7,
    payer: { participant: flutterPay, centralBank: centralBankOfNigeria },
    merchant: { ...safariShop, participant: kcbBank, centralBank: centralBankOfKenya },
  };
}

/** A Kenyan payer (M-Pesa) buying from the same Kenyan merchant: one central bank, no conversion, no regional leg. */
export function domesticPayment(): Payment {
  const price = priceQuote({
    merchantAmount: new Decimal('499.00'),
    merchantCurrency: 'KES',
    payerCurrency: 'KES',
    rates: { settlementAsset: 'USD', ratePerAsset: RATES },
    policy: { spreadBps: new Decimal(35), feeBps: new Decimal(50) },
  });
  return {
    ...crossBorderPayment(),
    id: 'pay_01JDA6C9Z1Y3X5W7V9T1S3R5Q7',
    reference: 'order-10043',
    amount: price.merchantAmount,
    payerPrincipal: price.payerPrincipal,
    fee: price.fee,
    payerCurrency: 'KES',
    settlementAmount: price.settlementAmount,
    payer: { participant: mpesa, centralBank: centralBankOfKenya },
  };
}

/** The cross-border payment, unwound at window 7's close because Nigeria's central bank was short. */
export function unwoundPayment(): Payment {
  return {
    ...crossBorderPayment(),
    status: 'failed',
    settledAt: null,
    updatedAt: window7.closedAt!,
    failure: {
      code: 'settlement_unwound',
      reason:
        'Unwound at the close of window 7 (multilateral netting, unwind): CBN owed 184250.00 USD net in the window with 150000.00 available.',
    },
  };
}
