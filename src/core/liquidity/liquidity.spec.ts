import fc from 'fast-check';
import { DomainError } from '../errors';
import { fromMinorUnits } from '../money/amount';
import { Decimal } from '../money/decimal';
import { domainErrorOf } from '../test-support';
import {
  availableLiquidity,
  capHeadroom,
  checkCapture,
  checkCollateralRelease,
  checkWithdrawal,
  collateralCreditValue,
  headroom,
  headroomAlert,
  type LiquidityState,
} from './liquidity';

const usd = (cents: number | bigint) => fromMinorUnits(BigInt(cents), 'USD');
const cents = (max = 1_000_000) => fc.integer({ min: 0, max });

const stateArbitrary: fc.Arbitrary<LiquidityState> = fc
  .record({ balance: cents(), reserved: cents(), credit: cents(), cap: cents(), net: fc.integer({ min: -1_000_000, max: 1_000_000 }) })
  .map(({ balance, reserved, credit, cap, net }) => ({
    balance: usd(balance),
    reservedWithdrawals: usd(Math.min(reserved, balance)),
    creditLine: usd(credit),
    netDebitCap: usd(cap),
    netPosition: usd(net),
  }));

function accepts(action: () => void): boolean {
  try {
    action();
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

describe('liquidity arithmetic', () => {
  it("shows DESIGN's terms on one bank: available is own funds plus credit within the cap; headroom adds the net position", () => {
    const s: LiquidityState = {
      balance: new Decimal('25000'),
      reservedWithdrawals: new Decimal('0'),
      creditLine: new Decimal('8500'),
      netDebitCap: new Decimal('150000'),
      netPosition: new Decimal('-1200'),
    };
    expect(availableLiquidity(s).toFixed()).toBe('33500');
    expect(headroom(s).toFixed()).toBe('32300');
    expect(capHeadroom(s).toFixed()).toBe('148800');
    expect(availableLiquidity({ ...s, netDebitCap: new Decimal('20000') }).toFixed()).toBe('20000');
  });

  it('never lets enforced captures take the net debit beyond the cap, whatever arrives in what order', () => {
    fc.assert(
      fc.property(stateArbitrary, fc.array(fc.integer({ min: -200_000, max: 200_000 }), { maxLength: 40 }), (start, flows) => {
        let s: LiquidityState = { ...start, netPosition: new Decimal(0) };
        for (const flow of flows) {
          const change = usd(flow);
          // A negative flow is a capture the bank pays; it is declined when it would breach the cap.
          if (change.lt(0) && !accepts(() => checkCapture(s, change.neg(), 'A', 'USD'))) continue;
          s = { ...s, netPosition: s.netPosition.plus(change) };
          expect(capHeadroom(s).gte(0)).toBe(true);
          expect(headroom(s).lte(capHeadroom(s))).toBe(true);
        }
      }),
    );
  });

  it('declines with net_debit_cap_exceeded, naming the bank and its headroom under the cap', () => {
    const s: LiquidityState = {
      balance: usd(2500),
      reservedWithdrawals: usd(0),
      creditLine: usd(0),
      netDebitCap: usd(10000),
      netPosition: usd(-6000),
    };
    const error = domainErrorOf(() => checkCapture(s, usd(5000), 'CBK', 'USD'));
    expect(error.code).toBe('net_debit_cap_exceeded');
    expect(error.field).toBeUndefined();
    expect(error.message).toContain('CBK');
    expect(error.message).toContain('headroom under the cap is 40.00 USD');
    expect(accepts(() => checkCapture(s, usd(4000), 'CBK', 'USD'))).toBe(true);
  });

  it('accepts a withdrawal only when own funds and credit still cover the net debit afterwards', () => {
    fc.assert(
      fc.property(stateArbitrary, cents(), (s, amount) => {
        const withdrawal = usd(Math.max(1, amount));
        if (!accepts(() => checkWithdrawal(s, withdrawal, 'A', 'USD'))) return;
        const after = { ...s, reservedWithdrawals: s.reservedWithdrawals.plus(withdrawal) };
        expect(after.reservedWithdrawals.lte(after.balance)).toBe(true);
        const ownAfter = after.balance.minus(after.reservedWithdrawals).plus(after.creditLine);
        expect(ownAfter.gte(Decimal.max(0, s.netPosition.neg()))).toBe(true);
      }),
    );
  });

  it('accepts a collateral release only when the rest still covers the net debit', () => {
    fc.assert(
      fc.property(stateArbitrary, cents(), (s, value) => {
        const credit = usd(value);
        const state = { ...s, creditLine: s.creditLine.plus(credit) };
        if (!accepts(() => checkCollateralRelease(state, credit, 'col_1', 'A', 'USD'))) return;
        const left = s.balance.minus(s.reservedWithdrawals).plus(s.creditLine);
        expect(left.gte(Decimal.max(0, s.netPosition.neg()))).toBe(true);
      }),
    );
  });

  it('values collateral at its amount less the haircut, between nothing and all of it', () => {
    expect(collateralCreditValue(new Decimal('10000'), new Decimal('15'), 'USD').toFixed()).toBe('8500');
    expect(collateralCreditValue(new Decimal('0.05'), new Decimal('50'), 'USD').toFixed()).toBe('0.02');
    fc.assert(
      fc.property(cents(), fc.integer({ min: 0, max: 1_000_000 }), (amount, haircutMillionths) => {
        const value = collateralCreditValue(usd(amount), new Decimal(haircutMillionths).dividedBy(10_000), 'USD');
        expect(value.gte(0) && value.lte(usd(amount))).toBe(true);
        expect(value.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
    expect(domainErrorOf(() => collateralCreditValue(new Decimal(1), new Decimal(101), 'USD')).field).toBe('haircut_percent');
  });

  it('fires the headroom alert exactly once per crossing below the threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 1, maxLength: 60 }), (values) => {
        const threshold = new Decimal(0);
        let low = false;
        let fired = 0;
        let crossings = 0;
        let previousLow = false;
        for (const value of values) {
          const alert = headroomAlert(threshold, low, new Decimal(value));
          if (alert.fire) fired += 1;
          low = alert.low;
          const isLow = value < 0;
          if (isLow && !previousLow) crossings += 1;
          previousLow = isLow;
        }
        expect(fired).toBe(crossings);
      }),
    );
    expect(headroomAlert(null, false, new Decimal(-5))).toEqual({ fire: false, low: false });
  });
});
