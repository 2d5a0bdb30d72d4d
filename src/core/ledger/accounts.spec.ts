import { domainErrorOf } from '../test-support';
import { agentAccount, centralBankDomesticAccount, fundingAccount, participantAccount, settlementAccount } from './accounts';

describe('account names', () => {
  it('names each account after its holder and role', () => {
    expect(settlementAccount('cb_ke')).toBe('cb:cb_ke:settlement');
    expect(fundingAccount('cb_ke')).toBe('cb:cb_ke:funding');
    expect(agentAccount('eac')).toBe('region:eac:agent');
    expect(participantAccount('par_equity')).toBe('par:par_equity:settlement');
    expect(centralBankDomesticAccount('cb_ke')).toBe('cb:cb_ke:domestic');
  });

  it('refuses an id that could forge another account name', () => {
    expect(domainErrorOf(() => settlementAccount('x:funding')).code).toBe('invalid_account_id');
    expect(domainErrorOf(() => participantAccount('')).code).toBe('invalid_account_id');
  });
});
