import { Decimal } from '../money';
import { decideWindowSettlement, type SettlementModel, type WindowSettlementInput } from './window-rules';

const opened = new Date('2026-11-23T10:00:00Z');
const at = (seconds: number) => new Date(opened.getTime() + seconds * 1000);

function leg(id: string, reference: string, debtor: string, creditor: string, amount: string, second: number) {
  return {
    id,
    reference,
    tier: 'regional' as const,
    debtor,
    creditor,
    currency: 'USD',
    amount: new Decimal(amount),
    recordedAt: at(second),
  };
}

/** DESIGN.md's example: A→B 200, B→C 150, C→A 175, arriving in that order; balances A 25, B 0, C 25. */
function example(
  model: SettlementModel,
  obligations = [leg('o1', 'pAB', 'A', 'B', '200', 10), leg('o2', 'pBC', 'B', 'C', '150', 20), leg('o3', 'pCA', 'C', 'A', '175', 30)],
): WindowSettlementInput {
  const bank = (party: string, balance: string) => ({ party, balance: new Decimal(balance), netDebitCap: new Decimal('1000') });
  return {
    settlementAsset: 'USD',
    model,
    obligations,
    liquidity: [bank('A', '25'), bank('B', '0'), bank('C', '25')],
    openedAt: opened,
    closedAt: at(3600),
  };
}

describe('decideWindowSettlement', () => {
  it('settles the whole example under multilateral netting: net debits A 25 and C 25 are exactly covered', () => {
    const decision = decideWindowSettlement(example({ rule: 'multilateral', shortfall: 'unwind' }));
    expect(decision).toMatchObject({ settledReferences: ['pAB', 'pBC', 'pCA'], unsettledReferences: [] });
  });

  it('gridlocks gross settlement under strict FIFO: no sender can pay its head (200 > 25, 150 > 0, 175 > 25)', () => {
    const decision = decideWindowSettlement(example({ rule: 'gross', queue: 'fifo', shortfall: 'carry-over' }));
    expect(decision).toMatchObject({ settledReferences: [], unsettledReferences: ['pAB', 'pBC', 'pCA'], outcome: 'carried-over' });
    expect(decision.ruleLabel).toMatch(/Gross/);
  });

  it('resolves that gridlock with the LSM: the three queued payments settle together', () => {
    const model: SettlementModel = { rule: 'lsm', queue: 'fifo', gridlock: 'fifo-exact', offsetEverySeconds: 60, shortfall: 'unwind' };
    expect(decideWindowSettlement(example(model)).settledReferences).toEqual(['pAB', 'pBC', 'pCA']);
  });

  it('runs a last LSM round at the close, even when the window is shorter than the LSM interval', () => {
    const model: SettlementModel = { rule: 'lsm', queue: 'fifo', gridlock: 'fifo-exact', offsetEverySeconds: 7200, shortfall: 'unwind' };
    expect(decideWindowSettlement(example(model)).settledReferences).toEqual(['pAB', 'pBC', 'pCA']);
  });

  it('cannot settle the example bilaterally: each pair pays gross (A owes B 200 with 25) and the debtors unwind', () => {
    const decision = decideWindowSettlement(example({ rule: 'bilateral', shortfall: 'unwind' }));
    expect(decision).toMatchObject({ settledReferences: [], outcome: 'unwound' });
    expect(decision.unsettledReferences).toEqual(['pAB', 'pBC', 'pCA']);
  });

  it('nets a refund against its payment in the same window: 200 − 175 = 25 from A to B fits A’s 25', () => {
    const decision = decideWindowSettlement(
      example({ rule: 'gross', queue: 'fifo', shortfall: 'unwind' }, [
        leg('o1', 'pAB', 'A', 'B', '200', 10),
        leg('o2', 'pAB', 'B', 'A', '175', 20),
      ]),
    );
    expect(decision.settledReferences).toEqual(['pAB']);
  });

  it('settles a fully refunded payment without touching liquidity', () => {
    const decision = decideWindowSettlement(
      example({ rule: 'gross', queue: 'fifo', shortfall: 'unwind' }, [
        leg('o1', 'pBC', 'B', 'C', '150', 10),
        leg('o2', 'pBC', 'C', 'B', '150', 20),
      ]),
    );
    expect(decision).toMatchObject({ settledReferences: ['pBC'], unsettledReferences: [] });
  });
});
