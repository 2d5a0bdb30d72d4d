import { DomainError } from '../errors';
import { MinorUnitConverter, assetMinorRate, minorRates } from './asset-rates';
import { intradayArrivals } from './intraday-arrivals';
import { type Currency, type PartySpec, type PaymentBatch, allocatePayments } from './payment-batch';
import { SeededRandom } from './seeded-random';
import { type PairSampler, corePeripherySampler, generatedCoreCount, scaleFreeSampler } from './topology';
import { type WorkloadSpec, assertWorkloadSpec } from './workload-spec';

/** Redraws allowed to find a pair on the wanted side of a currency border before taking what comes. */
const BORDER_DRAWS = 64;

/**
 * A synthetic day. Everything is drawn from one `SeededRandom` in a fixed order (topology, arrival
 * times, then each payment in arrival order), so the same spec gives the same payments on any machine.
 *
 * Per payment: the pair comes from the topology — or, with the reciprocity knob, is the reverse of an
 * earlier pair still waiting for its answer — redrawn up to a bound until it is on the side of a
 * currency border that `crossCurrencyShare` asks for. The value is drawn in settlement-asset minor units
 * and paid in the receiver's home currency, converted at the workload's rates.
 */
export function generateWorkload(spec: WorkloadSpec): { parties: PartySpec[]; currencies: Currency[]; payments: PaymentBatch } {
  assertWorkloadSpec(spec);
  const currencies = spec.currencies.map(({ code, scale }) => ({ code, scale }));
  const parties = regionParties(spec);
  const partyCount = parties.length;
  const random = new SeededRandom(spec.seed);

  const sampler: PairSampler =
    spec.topology.kind === 'core-periphery'
      ? corePeripherySampler(
          parties.map((party) => party.tier === 'core'),
          spec.topology.coreTraffic,
        )
      : scaleFreeSampler(partyCount, spec.topology.attachment, random);
  const currencyIndex = new Map(currencies.map((currency, index) => [currency.code, index]));
  const home = Int32Array.from(parties, (party) => currencyIndex.get(party.currency)!);
  const converters = valueConverters(spec, currencies);
  const drawValue = valueSampler(spec);

  const payments = allocatePayments(spec.payments);
  payments.arrival.set(intradayArrivals(spec, random));

  const crossPossible = new Set(home).size > 1;
  const crossesBorder = (pair: number) => home[Math.floor(pair / partyCount)] !== home[pair % partyCount];
  // Reciprocity: a drawn pair is answered with probability ρ, so replies make up ρ/(1+ρ) of the day.
  const replyChance = spec.reciprocity / (1 + spec.reciprocity);
  // pairs packed as sender × partyCount + receiver: beyond int32 for large regions
  const awaitingReply = new Float64Array(spec.payments);
  let replyHead = 0;
  let replyTail = 0;

  for (let k = 0; k < spec.payments; k++) {
    let pair: number;
    if (replyHead < replyTail && random.next() < replyChance) {
      pair = awaitingReply[replyHead++]!;
    } else {
      const wantCross = crossPossible && random.next() < spec.crossCurrencyShare;
      pair = sampler(random);
      for (let draw = 1; draw < BORDER_DRAWS && crossesBorder(pair) !== wantCross; draw++) pair = sampler(random);
      if (random.next() < spec.reciprocity) awaitingReply[replyTail++] = (pair % partyCount) * partyCount + Math.floor(pair / partyCount);
    }
    const sender = Math.floor(pair / partyCount);
    const receiver = pair % partyCount;
    const currency = home[receiver]!;
    payments.sender[k] = sender;
    payments.receiver[k] = receiver;
    payments.currency[k] = currency;
    payments.amount[k] = Math.max(1, converters[currency]!.convert(drawValue(random)));
  }
  return { parties, currencies, payments };
}

function regionParties(spec: WorkloadSpec): PartySpec[] {
  if (spec.parties.length === 0) {
    const count = spec.partyCount!;
    const core = generatedCoreCount(spec.topology, count);
    const width = Math.max(2, String(count).length);
    return Array.from({ length: count }, (_, index) => ({
      code: `P${String(index + 1).padStart(width, '0')}`,
      currency: spec.currencies[index % spec.currencies.length]!.code,
      tier: index < core ? 'core' : 'periphery',
    }));
  }
  const parties = spec.parties.map((party) => ({ ...party }));
  // A core–periphery day needs a core: when no given party is marked core, the first coreShare of them are.
  if (spec.topology.kind === 'core-periphery' && !parties.some((party) => party.tier === 'core')) {
    const core = generatedCoreCount(spec.topology, parties.length);
    parties.forEach((party, index) => (party.tier = index < core ? 'core' : 'periphery'));
  }
  return parties;
}

/** Per currency: settlement-asset minor units → that currency's minor units. */
function valueConverters(spec: WorkloadSpec, currencies: Currency[]): MinorUnitConverter[] {
  const { rates, asset } = minorRates(currencies, spec.ratesPerAsset);
  const assetRate = assetMinorRate(asset);
  return rates.map((rate) => new MinorUnitConverter(assetRate, rate));
}

/** A lognormal mixture: pick a component by weight, then median × e^(σZ), in whole minor units. */
function valueSampler(spec: WorkloadSpec): (random: SeededRandom) => number {
  const components = spec.values.components;
  const total = components.reduce((sum, { weight }) => sum + weight, 0);
  const cumulative = components.map((_, index) => components.slice(0, index + 1).reduce((sum, { weight }) => sum + weight, 0));
  return (random) => {
    const u = random.next() * total;
    let index = 0;
    while (index < cumulative.length - 1 && u >= cumulative[index]!) index++;
    const { medianMinor, sigma } = components[index]!;
    const value = Math.max(1, Math.round(medianMinor * Math.exp(sigma * random.normal())));
    if (!Number.isSafeInteger(value)) {
      throw new DomainError(
        'amount_too_large',
        `a drawn value exceeds ${Number.MAX_SAFE_INTEGER} minor units: lower sigma`,
        `values.components[${index}].sigma`,
      );
    }
    return value;
  };
}
