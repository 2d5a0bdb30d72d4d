import { createHash } from 'node:crypto';
import { DomainError } from '../../core/errors';
import type { Institution, SettlementWindow, TransferDirection } from './types';

/** ISO 20022 `Max35Text`, the length of every message, instruction and transaction id. */
export const MAX_ID_LENGTH = 35;

/** Characters of the SHA-256 digest that stand for the cut part of a too-long identifier. */
const DIGEST_LENGTH = 12;

/** The ids a message carries for one transaction, as a receiving system reconciles them. */
export interface TransactionIdentification {
  messageId: string;
  instructionId: string;
  endToEndId: string;
  transactionId: string;
  uetr: string;
}

/**
 * An identifier within the schema's length. A longer one keeps its start and ends with a digest of the
 * whole, so it stays unique and the same input always gives the same id (plain truncation could make
 * two ids one).
 */
export function fitIdentifier(value: string, max = MAX_ID_LENGTH, field = 'id'): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new DomainError('invalid_identifier', 'an ISO 20022 identifier must not be empty', field);
  }
  const characters = Array.from(value);
  if (characters.length <= max) return value;
  const digest = createHash('sha256').update(value).digest('hex').slice(0, DIGEST_LENGTH);
  return `${characters.slice(0, max - DIGEST_LENGTH - 1).join('')}-${digest}`;
}

/**
 * A UUID v4 in form (the schema's `UUIDv4Identifier`) whose bits come from SHA-256 of the Corridor id
 * instead of a random source, so exporting the same payment twice gives the same UETR.
 */
export function uetrOf(...parts: string[]): string {
  const bytes = createHash('sha256')
    .update(['corridor-uetr', ...parts].join('\u0000'))
    .digest()
    .subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x40, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ISO's word for an end-to-end id the initiating party did not give. */
export const NOT_PROVIDED = 'NOTPROVIDED';

/**
 * A payment's (or refund's) ids in its pacs.008 and in every status report about it: the Corridor id
 * is the message, instruction and transaction id; the merchant's order reference travels end to end.
 */
export function customerTransferIdentification(corridorId: string, merchantReference: string | null): TransactionIdentification {
  const id = fitIdentifier(corridorId, MAX_ID_LENGTH, 'id');
  return {
    messageId: id,
    instructionId: id,
    endToEndId: merchantReference === null || merchantReference.trim() === '' ? NOT_PROVIDED : fitIdentifier(merchantReference),
    transactionId: id,
    uetr: uetrOf(corridorId),
  };
}

/**
 * A window settlement transfer's ids, the same in its pacs.009 and in the camt.053 entry that books it:
 * `W<window number>-IN|OUT-<central bank code>`. The region's settlement agent sends them all and a
 * central bank has at most one transfer per window, so this is unique for each receiver; the UETR
 * also carries the window id, so it is unique everywhere.
 */
export function settlementTransferIdentification(
  window: SettlementWindow,
  centralBank: Institution,
  direction: TransferDirection,
): TransactionIdentification {
  const id = fitIdentifier(`W${window.number}-${direction === 'pay_in' ? 'IN' : 'OUT'}-${centralBank.code}`);
  return { messageId: id, instructionId: id, endToEndId: id, transactionId: id, uetr: uetrOf(window.id, direction, centralBank.code) };
}
