import { hash, randomBytes } from 'node:crypto';
import type { Role } from './principal';

const ROLE_PREFIX: Record<Role, string> = {
  operator: 'sk_operator',
  central_bank: 'sk_cb',
  participant: 'sk_participant',
  merchant: 'sk_merchant',
};

export interface IssuedApiKey {
  key: string;
  keyHash: string;
  prefix: string;
}

/** A new secret key; only its SHA-256 digest is stored, so the key is shown to the caller once. */
export function issueApiKey(role: Role): IssuedApiKey {
  const key = `${ROLE_PREFIX[role]}_${randomBytes(24).toString('base64url')}`;
  return { key, keyHash: hashApiKey(key), prefix: key.slice(0, ROLE_PREFIX[role].length + 5) };
}

export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}
