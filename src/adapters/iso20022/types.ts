import type { Decimal } from '../../core/money';
import type { PaymentStatus } from '../../core/payments/payment-state';

/**
 * The plain data the ISO 20022 builders read: what Corridor stores, in its own words, with no
 * database or framework types. Amounts are `Decimal`; times are `Date` (written in UTC).
 */

/** A bank, payment provider, central bank or settlement agent, as its region knows it. */
export interface Institution {
  /** The region-unique code: written as `BICFI` when it is a valid BIC, otherwise as `Othr/Id` issued by the region. */
  code: string;
  name: string;
  /** ISO 3166-1 alpha-2 (`KE`); central banks have one. */
  country?: string;
}

/** The region is Corridor's clearing system. */
export interface Region {
  /** `reg_…`: names the clearing system (`ClrSys/Prtry`) and issues the codes that are not BICs (`Issr`). */
  id: string;
  name: string;
  settlementAsset: string;
  /** Holds the central banks' settlement accounts: net debtors pay it, it pays net creditors. */
  settlementAgent: Institution;
}

export interface SettlementWindow {
  id: string;
  /** 1, 2, 3 … within the region. */
  number: number;
  openedAt: Date;
  closedAt: Date | null;
  settledAt: Date | null;
}

/** One side of a payment: the customer's bank or payment provider, and its central bank. */
export interface PaymentSide {
  participant: Institution;
  centralBank: Institution;
}

/** A merchant payment with its parties; cross-border when the two sides have different central banks. */
export interface Payment {
  region: Region;
  /** `pay_…` */
  id: string;
  status: PaymentStatus;
  /** The merchant's order reference, as given; `null` when none was. */
  reference: string | null;
  /** What the merchant receives, in the merchant's `currency`. */
  amount: Decimal;
  currency: string;
  /** What the payer sends before the fee, and the fee on top, in `payerCurrency`. */
  payerPrincipal: Decimal;
  fee: Decimal;
  payerCurrency: string;
  /** The regional leg's value in the region's settlement asset (cross-border payments). */
  settlementAmount: Decimal;
  /** Why the payment was declined or failed (`settlement_unwound` …); `null` otherwise. */
  failure: { code: string; reason: string } | null;
  createdAt: Date;
  updatedAt: Date;
  capturedAt: Date | null;
  settledAt: Date | null;
  /** The window holding its obligations; `null` until captured. */
  window: SettlementWindow | null;
  payer: PaymentSide;
  merchant: PaymentSide & { code: string; name: string };
}

/** A refund: the payment's legs reversed, the merchant's side paying the payer's. */
export interface Refund {
  /** `ref_…` */
  id: string;
  payment: Payment;
  /** What the merchant gives back, in the payment's (merchant's) currency. */
  amount: Decimal;
  /** What the payer gets back, in the payment's payer currency. */
  payerAmount: Decimal;
  settlementAmount: Decimal;
  reason: string | null;
  createdAt: Date;
  settledAt: Date | null;
  window: SettlementWindow | null;
}

/** `pay_in`: a net debtor central bank pays the settlement agent; `pay_out`: the agent pays a net creditor. */
export type TransferDirection = 'pay_in' | 'pay_out';

/** One transfer that settles a closed window's regional net positions, in the settlement asset. */
export interface WindowSettlementTransfer {
  region: Region;
  window: SettlementWindow;
  centralBank: Institution;
  direction: TransferDirection;
  /** Greater than zero: the central bank's net position in the window, without its sign. */
  amount: Decimal;
}

/** A central bank's settlement account at the region's settlement agent, over one window. */
export interface AccountStatement {
  region: Region;
  /** The statement covers entries booked after `openedAt`, up to and including `closedAt`. */
  window: SettlementWindow;
  centralBank: Institution;
  /** Signed: positive is money the central bank has at the agent. */
  openingBalance: Decimal;
  closingBalance: Decimal;
  /** In booking (journal) order; they must take the opening balance to the closing one. */
  entries: readonly StatementEntry[];
}

/** One posting to the account, as the hash-chained journal recorded it. */
export interface StatementEntry {
  journalSequence: bigint;
  journalEntryId: string;
  /** The journal entry's kind (`settlement`, `prefunding` …). */
  kind: string;
  description: string;
  /** Signed, as the posting: positive credits the account, negative debits it. */
  amount: Decimal;
  bookedAt: Date;
  /** Set when the entry is the account's settlement transfer of that window (and so of its pacs.009). */
  settlementOf?: SettlementWindow;
}
