/**
 * Ledger: the double-entry, append-only journal. Entries balance per currency and are hash-chained
 * (sha256 over the previous hash and a canonical payload), so anyone replaying the journal can prove
 * that no settled entry was altered, removed or reordered. Account names live in `accounts.ts`.
 */
export * from './accounts';
export * from './journal';
export * from './verify';
