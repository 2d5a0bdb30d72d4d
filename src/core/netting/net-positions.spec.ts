import fc from 'fast-check';
import { Decimal } from '../money/decimal';
import { decimalsAsText, domainErrorOf, obligationsArbitrary, workedExample } from '../test-support';
import { bilateralNetPositions, multilateralNetPositions, nettingMetrics } from './net-positions';
import type { Obligation } from './obligation';

const obligation = (id: string, debtor: string, creditor: string, amount: string, currency = 'USD'): Obligation => ({
  id,
  reference: `p_${id}`,
  debtor,
  creditor,
  currency,
  amount: new Decimal(amount),
});

describe('multilateralNetPositions', () => {
  it('nets the DESIGN.md worked example to A −25, B +50, C −25', () => {
    // A: received 175 − sent 200 = −25; B: 200 − 150 = +50; C: 150 − 175 = −25
    expect(decimalsAsText(multilateralNetPositions(workedExample()))).toEqual([
      { party: 'A', currency: 'USD', sent: '200', received: '175', net: '-25' },
      { party: 'B', currency: 'USD', sent: '150', received: '200', net: '50' },
      { party: 'C', currency: 'USD', sent: '175', received: '150', net: '-25' },
    ]);
  });

  it('keeps currencies apart and sorts by currency, then party', () => {
    const positions = multilateralNetPositions([obligation('1', 'Z', 'A', '10.00', 'USD'), obligation('2', 'B', 'A', '700', 'KES')]);
    expect(positions.map((p) => [p.currency, p.party, p.net.toFixed()])).toEqual([
      ['KES', 'A', '700'],
      ['KES', 'B', '-700'],
      ['USD', 'A', '10'],
      ['USD', 'Z', '-10'],
    ]);
  });

  it('refuses an obligation a party owes itself or one without a positive amount', () => {
    expect(domainErrorOf(() => multilateralNetPositions([obligation('1', 'A', 'A', '5')]))).toMatchObject({
      code: 'invalid_obligation',
      field: 'obligations[0].creditor',
    });
    expect(domainErrorOf(() => multilateralNetPositions([obligation('1', 'A', 'B', '5'), obligation('2', 'A', 'B', '0')]))).toMatchObject({
      code: 'invalid_obligation',
      field: 'obligations[1].amount',
    });
  });

  it('sums to zero per currency, and sent and received each add up to the gross value', () => {
    fc.assert(
      fc.property(obligationsArbitrary(), (obligations) => {
        for (const currency of ['USD', 'KES']) {
          const rows = multilateralNetPositions(obligations).filter((p) => p.currency === currency);
          const gross = obligations.filter((o) => o.currency === currency).reduce((sum, o) => sum.plus(o.amount), new Decimal(0));
          expect(rows.reduce((sum, p) => sum.plus(p.net), new Decimal(0)).isZero()).toBe(true);
          expect(rows.reduce((sum, p) => sum.plus(p.sent), new Decimal(0)).eq(gross)).toBe(true);
          expect(rows.reduce((sum, p) => sum.plus(p.received), new Decimal(0)).eq(gross)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the obligations', () => {
    fc.assert(
      fc.property(
        obligationsArbitrary().chain((o) => fc.tuple(fc.constant(o), fc.shuffledSubarray(o, { minLength: o.length }))),
        ([obligations, shuffled]) => {
          expect(decimalsAsText(multilateralNetPositions(shuffled))).toEqual(decimalsAsText(multilateralNetPositions(obligations)));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('bilateralNetPositions', () => {
  it('offsets each pair into one payment from the net payer', () => {
    // A→B 100 + 20, B→A 30: A pays B 120 − 30 = 90; C→D 5 and D→C 5 cancel and are omitted
    const nets = bilateralNetPositions([
      obligation('1', 'A', 'B', '100'),
      obligation('2', 'B', 'A', '30'),
      obligation('3', 'A', 'B', '20'),
      obligation('4', 'C', 'D', '5'),
      obligation('5', 'D', 'C', '5'),
    ]);
    expect(decimalsAsText(nets)).toEqual([{ currency: 'USD', payer: 'A', payee: 'B', amount: '90' }]);
  });

  it('leaves the worked example at gross (no pair pays both ways), sorted by payer', () => {
    expect(decimalsAsText(bilateralNetPositions(workedExample()))).toEqual([
      { currency: 'USD', payer: 'A', payee: 'B', amount: '200' },
      { currency: 'USD', payer: 'B', payee: 'C', amount: '150' },
      { currency: 'USD', payer: 'C', payee: 'A', amount: '175' },
    ]);
  });

  it('settles the same multilateral positions as the gross obligations', () => {
    fc.assert(
      fc.property(obligationsArbitrary(), (obligations) => {
        const asObligations = bilateralNetPositions(obligations).map((net, i) => ({
          id: `b${i}`,
          reference: `b${i}`,
          debtor: net.payer,
          creditor: net.payee,
          currency: net.currency,
          amount: net.amount,
        }));
        const nets = (rows: ReturnType<typeof multilateralNetPositions>) =>
          rows.filter((p) => !p.net.isZero()).map((p) => [p.currency, p.party, p.net.toFixed()]);
        expect(nets(multilateralNetPositions(asObligations))).toEqual(nets(multilateralNetPositions(obligations)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('nettingMetrics', () => {
  it('measures the worked example: G 525, BN 525, M 50, efficiency 1 − 50/525', () => {
    const [usd, ...others] = nettingMetrics(workedExample());
    expect(others).toEqual([]);
    expect(decimalsAsText([usd!])).toEqual([
      {
        currency: 'USD',
        gross: '525',
        bilateralNet: '525',
        multilateralNet: '50',
        // 1 − 50/525 = 0.904761904761…, i.e. a netting ratio M/G of 9.52 %
        nettingEfficiency: new Decimal(1).minus(new Decimal(50).div(525)).toFixed(),
        bilateralEfficiency: '0',
        obligationCount: 3,
      },
    ]);
    expect(usd!.nettingEfficiency.toDecimalPlaces(4).toFixed()).toBe('0.9048');
  });

  it('credits bilateral offsetting separately from multilateral netting', () => {
    // A→B 100, B→A 30, A→B 20: G 150; BN |120 − 30| = 90; N_A = −90 so M 90; both efficiencies 1 − 90/150 = 0.4
    const [usd] = nettingMetrics([obligation('1', 'A', 'B', '100'), obligation('2', 'B', 'A', '30'), obligation('3', 'A', 'B', '20')]);
    expect(decimalsAsText([usd!])[0]).toMatchObject({
      gross: '150',
      bilateralNet: '90',
      multilateralNet: '90',
      nettingEfficiency: '0.4',
      bilateralEfficiency: '0.4',
    });
  });

  it('keeps M = ½ Σ|N| ≤ BN ≤ G, one row per currency', () => {
    fc.assert(
      fc.property(obligationsArbitrary(), (obligations) => {
        const metrics = nettingMetrics(obligations);
        expect(metrics.map((m) => m.currency)).toEqual([...new Set(obligations.map((o) => o.currency))].sort());
        for (const m of metrics) {
          const halfAbs = multilateralNetPositions(obligations)
            .filter((p) => p.currency === m.currency)
            .reduce((sum, p) => sum.plus(p.net.abs()), new Decimal(0))
            .div(2);
          expect(m.multilateralNet.eq(halfAbs)).toBe(true);
          expect(m.multilateralNet.lte(m.bilateralNet)).toBe(true);
          expect(m.bilateralNet.lte(m.gross)).toBe(true);
          expect(m.obligationCount).toBe(obligations.filter((o) => o.currency === m.currency).length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is empty for an empty window', () => {
    expect(nettingMetrics([])).toEqual([]);
  });
});
