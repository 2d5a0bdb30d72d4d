import { domainErrorOf } from '../test-support';
import { generateWorkload } from './generate-workload';
import type { Currency, PaymentBatch } from './payment-batch';
import { paymentsToCsv } from './payments-csv';
import type { WorkloadSpec } from './workload-spec';

const USD: Currency = { code: 'USD', scale: 2 };
const KES: Currency = { code: 'KES', scale: 2 };
const NGN: Currency = { code: 'NGN', scale: 2 };

const SPEC: WorkloadSpec = {
  seed: 7,
  parties: [],
  partyCount: 20,
  currencies: [USD, KES, NGN],
  ratesPerAsset: { KES: '129.5', NGN: '1500' },
  payments: 20_000,
  dayLengthSeconds: 36_000,
  topology: { kind: 'core-periphery', coreShare: 0.2, coreTraffic: 0.8 },
  // quiet first hour, a peak from hour 1 to 3, then calm: masses 0, 4 × 2 h, 1 × 7 h
  arrivals: {
    profile: [
      { hour: 0, weight: 0 },
      { hour: 1, weight: 4 },
      { hour: 3, weight: 1 },
    ],
  },
  values: { components: [{ weight: 1, medianMinor: 10_000, sigma: 0.5 }] },
  reciprocity: 0.4,
  crossCurrencyShare: 0.3,
};

const share = (batch: PaymentBatch, test: (k: number) => boolean) => {
  let hits = 0;
  for (let k = 0; k < batch.count; k++) if (test(k)) hits++;
  return hits / batch.count;
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('generateWorkload', () => {
  it('gives a byte-identical day for the same spec and seed, another for another seed', () => {
    const csv = (spec: WorkloadSpec) => {
      const { parties, currencies, payments } = generateWorkload(spec);
      return paymentsToCsv(payments, parties, currencies);
    };
    const first = csv(SPEC);
    expect(csv(SPEC)).toBe(first);
    expect(csv({ ...SPEC, seed: 8 })).not.toBe(first);
  });

  it('generates the parties when none are listed: codes in order, home currencies in turn, the core first', () => {
    const { parties } = generateWorkload(SPEC);
    expect(parties.slice(0, 5)).toEqual([
      { code: 'P01', currency: 'USD', tier: 'core' },
      { code: 'P02', currency: 'KES', tier: 'core' },
      { code: 'P03', currency: 'NGN', tier: 'core' },
      { code: 'P04', currency: 'USD', tier: 'core' },
      { code: 'P05', currency: 'KES', tier: 'periphery' },
    ]);
    expect(parties).toHaveLength(20);
  });

  it('spreads arrivals over the day by the intraday profile, sorted', () => {
    const { payments } = generateWorkload(SPEC);
    const arrival = Array.from(payments.arrival);
    expect(arrival.every((t, k) => t >= 3600 && t <= 36_000 && (k === 0 || t >= arrival[k - 1]!))).toBe(true);
    // peak share 4 × 2 / (4 × 2 + 1 × 7) = 8/15
    expect(share(payments, (k) => payments.arrival[k]! < 3 * 3600)).toBeCloseTo(8 / 15, 1);
  });

  it('routes the asked share of payments through the core', () => {
    const { parties, payments } = generateWorkload(SPEC);
    const core = (party: number) => parties[party]!.tier === 'core';
    expect(share(payments, (k) => core(payments.sender[k]!) || core(payments.receiver[k]!))).toBeCloseTo(0.8, 1);
  });

  it('crosses currency borders in the asked share, paying in the receiver’s home currency', () => {
    const { parties, currencies, payments } = generateWorkload(SPEC);
    const home = (party: number) => parties[party]!.currency;
    expect(share(payments, (k) => home(payments.sender[k]!) !== home(payments.receiver[k]!))).toBeCloseTo(0.3, 1);
    expect(share(payments, (k) => currencies[payments.currency[k]!]!.code === home(payments.receiver[k]!))).toBe(1);
  });

  it('draws values around the median in the settlement asset, converted at the rates', () => {
    const { currencies, payments } = generateWorkload(SPEC);
    const amounts = (code: string) => Array.from(payments.amount).filter((_, k) => currencies[payments.currency[k]!]!.code === code);
    // USD is the asset (no rate): median 10 000 cents; KES at 129.5 per USD: 1 295 000 cents
    expect(median(amounts('USD')) / 10_000).toBeCloseTo(1, 1);
    expect(median(amounts('KES')) / 1_295_000).toBeCloseTo(1, 1);
    expect(Array.from(payments.amount).every((amount) => Number.isSafeInteger(amount) && amount >= 1)).toBe(true);
  });

  it('makes offsetting flows with reciprocity, which bilateral netting then removes', () => {
    const bilateralEfficiency = (reciprocity: number) => {
      // many sparse pairs (200 periphery-only parties, 4000 payments): without replies few pairs pay both ways
      const { payments } = generateWorkload({
        ...SPEC,
        partyCount: 200,
        payments: 4000,
        topology: { kind: 'core-periphery', coreShare: 0.05, coreTraffic: 0 },
        currencies: [USD],
        ratesPerAsset: undefined,
        reciprocity,
        crossCurrencyShare: 0,
      });
      const owed = new Map<string, number>();
      let gross = 0;
      for (let k = 0; k < payments.count; k++) {
        const from = payments.sender[k]!;
        const to = payments.receiver[k]!;
        const pair = from < to ? `${from}-${to}` : `${to}-${from}`;
        owed.set(pair, (owed.get(pair) ?? 0) + (from < to ? 1 : -1) * payments.amount[k]!);
        gross += payments.amount[k]!;
      }
      return 1 - [...owed.values()].reduce((sum, net) => sum + Math.abs(net), 0) / gross;
    };
    const [none, full] = [bilateralEfficiency(0), bilateralEfficiency(1)];
    expect(none).toBeLessThan(0.1);
    expect(full).toBeGreaterThan(none + 0.3);
  });

  it('concentrates traffic on a few hubs in a scale-free region', () => {
    const { parties, payments } = generateWorkload({
      ...SPEC,
      partyCount: 100,
      topology: { kind: 'scale-free', attachment: 2 },
      reciprocity: 0,
    });
    const touches = new Array<number>(parties.length).fill(0);
    for (let k = 0; k < payments.count; k++) {
      touches[payments.sender[k]!]!++;
      touches[payments.receiver[k]!]!++;
    }
    // each payment touches two parties: 2/100 of them on average; the busiest hub carries far more
    expect(Math.max(...touches) / payments.count).toBeGreaterThan(4 * (2 / 100));
    // the founding parties (m + 1 = 3) are the core
    expect(parties.filter((party) => party.tier === 'core').map((party) => party.code)).toEqual(['P001', 'P002', 'P003']);
  });

  it('keeps listed parties, and makes the first coreShare of them the core when none is marked', () => {
    const listed = ['A', 'B', 'C', 'D', 'E'].map((code) => ({ code, currency: 'USD', tier: 'periphery' as const }));
    const { parties } = generateWorkload({ ...SPEC, parties: listed, partyCount: undefined, payments: 10 });
    expect(parties.map((party) => `${party.code}:${party.tier}`)).toEqual([
      'A:core',
      'B:periphery',
      'C:periphery',
      'D:periphery',
      'E:periphery',
    ]);
  });

  it.each<[string, Partial<WorkloadSpec>, string, string]>([
    ['neither parties nor a count', { partyCount: undefined }, 'invalid_workload', 'parties'],
    ['more links per party than parties', { topology: { kind: 'scale-free', attachment: 20 } }, 'invalid_workload', 'topology.attachment'],
    ['a share above 1', { reciprocity: 1.5 }, 'invalid_workload', 'reciprocity'],
    ['a day with no intensity', { arrivals: { profile: [{ hour: 0, weight: 0 }] } }, 'invalid_workload', 'arrivals.profile'],
    ['an hour after the day', { arrivals: { profile: [{ hour: 11, weight: 1 }] } }, 'invalid_workload', 'arrivals.profile[0].hour'],
    [
      'a negative value shape',
      { values: { components: [{ weight: 1, medianMinor: 100, sigma: -1 }] } },
      'invalid_workload',
      'values.components[0].sigma',
    ],
    [
      'a party in an unknown currency',
      {
        parties: [
          { code: 'A', currency: 'XOF', tier: 'core' },
          { code: 'B', currency: 'USD', tier: 'core' },
        ],
      },
      'unknown_currency',
      'parties[0].currency',
    ],
    ['two currencies without a rate', { ratesPerAsset: { KES: '129.5' } }, 'fx_rate_unavailable', 'ratesPerAsset.NGN'],
    ['a rate that is not a decimal string', { ratesPerAsset: { KES: '1e3', NGN: '1500' } }, 'invalid_decimal', 'ratesPerAsset.KES'],
  ])('refuses %s, naming the field', (_, change, code, field) => {
    expect(domainErrorOf(() => generateWorkload({ ...SPEC, ...change }))).toMatchObject({ code, field });
  });
});
