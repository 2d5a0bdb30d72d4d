/**
 * ISO 20022 exports: pure functions from Corridor's plain data to UTF-8 XML messages that validate
 * against the official schemas. No database, no framework: the HTTP endpoints and the CLI load the
 * data and call these. docs/iso20022.md maps every field.
 */
export type {
  AccountStatement,
  Institution,
  Payment,
  PaymentSide,
  Refund,
  Region,
  SettlementWindow,
  StatementEntry,
  TransferDirection,
  WindowSettlementTransfer,
} from './types';
export { PACS_008, pacs008, pacs008Refund } from './pacs008';
export { PACS_009, pacs009 } from './pacs009';
export {
  FAILURE_REASON_CODES,
  PACS_002,
  type PaymentStatusReport,
  type TransactionStatusCode,
  pacs002,
  paymentStatusReport,
} from './pacs002';
export { CAMT_053, camt053 } from './camt053';
export {
  NOT_PROVIDED,
  type TransactionIdentification,
  customerTransferIdentification,
  settlementTransferIdentification,
  uetrOf,
} from './identifiers';
