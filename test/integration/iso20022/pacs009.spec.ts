import { type Institution, type WindowSettlementTransfer, PACS_009, pacs009, uetrOf } from '../../../src/adapters/iso20022';
import { Decimal } from '../../../src/core/money';
import { planSettlement } from '../../../src/core/settlement';
import { domainErrorOf, workedExample } from '../../../src/core/test-support';
import { region, window7 } from './pilot-region';
import { elementOf, schemaErrors, textsOf } from './schema-validation';

/** The DESIGN three-party example's central banks A, B and C. */
const banks = new Map<string, Institution>([
  ['A', { code: 'BKAAKENX', name: 'Central Bank A', country: 'KE' }],
  ['B', { code: 'cb-b', name: 'Central Bank B', country: 'NG' }],
  ['C', { code: 'cb-c', name: 'Central Bank C', country: 'GH' }],
]);

/**
 * The window's transfers as the service derives them from the regional net positions the core plans:
 * A→B 200, B→C 150, C→A 175 leave A −25, B +50, C −25.
 */
function threePartyTransfers(): WindowSettlementTransfer[] {
  const plan = planSettlement({
    regionId: region.id,
    windowId: window7.id,
    settlementAsset: 'USD',
    obligations: workedExample('USD').map((obligation) => ({ ...obligation, tier: 'regional' as const })),
    liquidity: ['A', 'B', 'C'].map((party) => ({ party, currency: 'USD', available: new Decimal(party === 'B' ? 0 : 25) })),
    occurredAt: window7.closedAt!,
  });
  return plan.regionalPositions.map((position) => ({
    region,
    window: window7,
    centralBank: banks.get(position.party)!,
    direction: position.net.isNegative() ? 'pay_in' : 'pay_out',
    amount: position.net.abs(),
  }));
}

describe('pacs.009 for the settlement transfers of a window', () => {
  it('exports each transfer of the three-party example, and each validates', async () => {
    const messages = threePartyTransfers().map(pacs009);

    for (const xml of messages) expect(await schemaErrors(PACS_009, xml)).toEqual([]);
    expect(messages.map((xml) => textsOf(xml, 'IntrBkSttlmAmt'))).toEqual([['25.00'], ['50.00'], ['25.00']]);
    expect(messages.map((xml) => textsOf(xml, 'MsgId'))).toEqual([['W7-IN-BKAAKENX'], ['W7-OUT-cb-b'], ['W7-IN-cb-c']]);
  });

  it('has a net debtor pay the settlement agent from its settlement account', () => {
    const [aPaysAgent] = threePartyTransfers().map(pacs009);

    expect(elementOf(aPaysAgent!, 'Dbtr')).toContain('<BICFI>BKAAKENX</BICFI>');
    expect(elementOf(aPaysAgent!, 'DbtrAcct')).toContain('<Id>BKAAKENX</Id>');
    expect(elementOf(aPaysAgent!, 'DbtrAcct')).toContain('<Cd>SACC</Cd>');
    expect(elementOf(aPaysAgent!, 'Cdtr')).toContain('<Id>corridor-agent</Id>');
    expect(aPaysAgent).not.toContain('<CdtrAcct>');
  });

  it('has the settlement agent pay a net creditor into its settlement account', () => {
    const [, agentPaysB] = threePartyTransfers().map(pacs009);

    expect(elementOf(agentPaysB!, 'Dbtr')).toContain('<Id>corridor-agent</Id>');
    expect(elementOf(agentPaysB!, 'Cdtr')).toContain('<Id>cb-b</Id>');
    expect(elementOf(agentPaysB!, 'CdtrAcct')).toContain('<Id>cb-b</Id>');
    expect(agentPaysB).not.toContain('<DbtrAcct>');
  });

  it('names the window and the day it settled, and carries a UETR unique to the window and central bank', () => {
    const [aPaysAgent] = threePartyTransfers().map(pacs009);

    expect(textsOf(aPaysAgent!, 'ClrSysRef')).toEqual([window7.id]);
    expect(textsOf(aPaysAgent!, 'IntrBkSttlmDt')).toEqual(['2026-11-23']);
    expect(textsOf(aPaysAgent!, 'CreDtTm')).toEqual([window7.closedAt!.toISOString()]);
    expect(textsOf(aPaysAgent!, 'UETR')).toEqual([uetrOf(window7.id, 'pay_in', 'BKAAKENX')]);
  });

  it('refuses a transfer of a window that has not closed', () => {
    const [transfer] = threePartyTransfers();

    expect(domainErrorOf(() => pacs009({ ...transfer!, window: { ...window7, closedAt: null, settledAt: null } })).code).toBe(
      'window_not_closed',
    );
  });
});
