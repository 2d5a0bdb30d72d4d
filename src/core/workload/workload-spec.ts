import { DomainError } from '../errors';
import { type Currency, MAX_CURRENCIES, type PartySpec } from './payment-batch';

export type Topology =
  | {
      kind: 'core-periphery';
      /** 0..1: share of generated parties in the core (given parties keep their own tiers) */
      coreShare: number;
      /** 0..1: share of payments with at least one core party */
      coreTraffic: number;
    }
  | {
      kind: 'scale-free';
      /** m of Barabási–Albert: links each new party makes, to parties chosen in proportion to their links */
      attachment: number;
    };

/** What a synthetic day looks like; the same spec and seed always give the same payments. */
export interface WorkloadSpec {
  seed: number;
  /** the region's parties; leave empty and set `partyCount` to have them generated */
  parties: PartySpec[];
  /** how many parties to generate when `parties` is empty: codes P01…, home currencies in turn */
  partyCount?: number;
  currencies: Currency[];
  /** how many payments in the day */
  payments: number;
  /** e.g. 36000, a 10-hour day */
  dayLengthSeconds: number;
  topology: Topology;
  /**
   * Intraday intensity, piecewise constant: each weight holds from its hour (since the start of the day)
   * to the next entry's hour, the last one to the end of the day; zero before the first. Empty: uniform.
   */
  arrivals: { profile: { hour: number; weight: number }[] };
  /** Payment values: a lognormal mixture in settlement-asset minor units (median e^μ, shape σ). */
  values: { components: { weight: number; medianMinor: number; sigma: number }[] };
  /** 0..1: chance that a payment drawn from the topology is answered later by one in the opposite direction */
  reciprocity: number;
  /** 0..1: share of payments between parties of different home currencies (paid in the receiver's currency) */
  crossCurrencyShare: number;
  /**
   * Decimal strings: units of each currency per settlement-asset unit. The currency listed without a rate
   * is the settlement asset; with every currency priced, the asset is an unlisted unit of 2 decimals.
   */
  ratesPerAsset?: Record<string, string>;
}

function fail(message: string, field: string): never {
  throw new DomainError('invalid_workload', message, field);
}

function assertNumber(value: number, field: string, min: number, max: number, what = `between ${min} and ${max}`): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) fail(`${field} must be ${what}`, field);
}

function assertInteger(value: number, field: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) fail(`${field} must be a whole number from ${min} to ${max}`, field);
}

/** Refuses a spec the generator cannot honour, naming the field at fault. */
export function assertWorkloadSpec(spec: WorkloadSpec): void {
  assertInteger(spec.seed, 'seed', 0, 0xffffffff);
  assertInteger(spec.payments, 'payments', 0);
  assertNumber(spec.dayLengthSeconds, 'dayLengthSeconds', Number.MIN_VALUE, Infinity, 'greater than zero');
  assertNumber(spec.reciprocity, 'reciprocity', 0, 1);
  assertNumber(spec.crossCurrencyShare, 'crossCurrencyShare', 0, 1);

  if (spec.currencies.length === 0) fail('at least one currency is needed', 'currencies');
  if (spec.currencies.length > MAX_CURRENCIES) fail(`at most ${MAX_CURRENCIES} currencies`, 'currencies');
  const codes = new Set<string>();
  spec.currencies.forEach((currency, index) => {
    if (typeof currency.code !== 'string' || currency.code.length === 0) fail('a currency needs a code', `currencies[${index}].code`);
    if (codes.has(currency.code)) fail(`${currency.code} is listed twice`, `currencies[${index}].code`);
    codes.add(currency.code);
    assertInteger(currency.scale, `currencies[${index}].scale`, 0, 8);
  });

  if (spec.parties.length === 0) {
    if (spec.partyCount === undefined) fail('list the parties or set partyCount', 'parties');
    assertInteger(spec.partyCount, 'partyCount', 2, 1_000_000);
  } else {
    if (spec.parties.length < 2) fail('payments need at least two parties', 'parties');
    const partyCodes = new Set<string>();
    spec.parties.forEach((party, index) => {
      if (typeof party.code !== 'string' || party.code.length === 0) fail('a party needs a code', `parties[${index}].code`);
      if (partyCodes.has(party.code)) fail(`${party.code} is listed twice`, `parties[${index}].code`);
      partyCodes.add(party.code);
      if (!codes.has(party.currency)) {
        throw new DomainError('unknown_currency', `${party.currency} is not among the workload's currencies`, `parties[${index}].currency`);
      }
      if (party.tier !== 'core' && party.tier !== 'periphery') fail('tier must be core or periphery', `parties[${index}].tier`);
    });
  }
  const partyCount = spec.parties.length || spec.partyCount!;

  const topology = spec.topology;
  if (topology.kind === 'core-periphery') {
    assertNumber(topology.coreShare, 'topology.coreShare', 0, 1);
    assertNumber(topology.coreTraffic, 'topology.coreTraffic', 0, 1);
  } else if (topology.kind === 'scale-free') {
    assertInteger(topology.attachment, 'topology.attachment', 1, partyCount - 1);
  } else {
    fail('topology.kind must be core-periphery or scale-free', 'topology.kind');
  }

  const hours = new Set<number>();
  spec.arrivals.profile.forEach(({ hour, weight }, index) => {
    assertNumber(hour, `arrivals.profile[${index}].hour`, 0, spec.dayLengthSeconds / 3600, 'within the day');
    if (hours.has(hour)) fail(`hour ${hour} is listed twice`, `arrivals.profile[${index}].hour`);
    hours.add(hour);
    assertNumber(weight, `arrivals.profile[${index}].weight`, 0, Infinity, 'zero or more');
  });
  if (spec.arrivals.profile.length > 0 && spec.arrivals.profile.every(({ weight }) => weight === 0)) {
    fail('some hour of the day needs a positive weight', 'arrivals.profile');
  }

  if (spec.values.components.length === 0) fail('at least one value component is needed', 'values.components');
  spec.values.components.forEach(({ weight, medianMinor, sigma }, index) => {
    assertNumber(weight, `values.components[${index}].weight`, 0, Infinity, 'zero or more');
    assertNumber(medianMinor, `values.components[${index}].medianMinor`, 1, Number.MAX_SAFE_INTEGER);
    assertNumber(sigma, `values.components[${index}].sigma`, 0, 10);
  });
  if (spec.values.components.every(({ weight }) => weight === 0)) fail('some value component needs a positive weight', 'values.components');
}
