import { DomainError } from '../errors';

/**
 * Ledger account names. Every account belongs to one holder; `:` separates the parts, so an id that
 * contains it could impersonate another account and is refused.
 */
function part(id: string, what: string): string {
  if (typeof id !== 'string' || id.length === 0 || id.includes(':')) {
    throw new DomainError('invalid_account_id', `${what} id must be non-empty and contain no ":" (got ${JSON.stringify(id)})`);
  }
  return id;
}

/** The central bank's account at the region's settlement agent, in the settlement asset. */
export function settlementAccount(centralBankId: string): string {
  return `cb:${part(centralBankId, 'central bank')}:settlement`;
}

/** The outside source of a central bank's prefunding (money entering the sandbox). */
export function fundingAccount(centralBankId: string): string {
  return `cb:${part(centralBankId, 'central bank')}:funding`;
}

/** The settlement agent's clearing account: debtors pay into it, creditors are paid from it. */
export function agentAccount(regionId: string): string {
  return `region:${part(regionId, 'region')}:agent`;
}

/** A participant's account at its central bank, in local currency. */
export function participantAccount(participantId: string): string {
  return `par:${part(participantId, 'participant')}:settlement`;
}

/** The central bank's own side of the domestic tier, in local currency. */
export function centralBankDomesticAccount(centralBankId: string): string {
  return `cb:${part(centralBankId, 'central bank')}:domestic`;
}
