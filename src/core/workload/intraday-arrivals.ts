import type { SeededRandom } from './seeded-random';
import type { WorkloadSpec } from './workload-spec';

/**
 * Arrival times of a non-homogeneous Poisson process with a piecewise-constant intensity, given how
 * many payments the day has: conditioned on their number, such arrivals are independent draws from the
 * intensity's density, so each is drawn by inversion of its distribution function and the lot sorted.
 * Times are rounded to the millisecond so that they print and read back exactly.
 */
export function intradayArrivals(
  spec: Pick<WorkloadSpec, 'payments' | 'dayLengthSeconds' | 'arrivals'>,
  random: SeededRandom,
): Float64Array {
  const day = spec.dayLengthSeconds;
  const profile = spec.arrivals.profile.length > 0 ? [...spec.arrivals.profile].sort((a, b) => a.hour - b.hour) : [{ hour: 0, weight: 1 }];
  const starts = profile.map(({ hour }) => Math.min(day, hour * 3600));
  const weights = profile.map(({ weight }) => weight);
  // cumulative[i]: intensity mass before the end of segment i
  const cumulative: number[] = [];
  let mass = 0;
  profile.forEach((_, index) => {
    const end = index + 1 < profile.length ? starts[index + 1]! : day;
    mass += weights[index]! * (end - starts[index]!);
    cumulative.push(mass);
  });

  const arrivals = new Float64Array(spec.payments);
  for (let k = 0; k < arrivals.length; k++) {
    const u = random.next() * mass;
    let segment = 0;
    while (segment < cumulative.length - 1 && (u >= cumulative[segment]! || weights[segment] === 0)) segment++;
    const before = segment === 0 ? 0 : cumulative[segment - 1]!;
    const time = starts[segment]! + (u - before) / weights[segment]!;
    arrivals[k] = Math.min(day, Math.round(time * 1000) / 1000);
  }
  return arrivals.sort();
}
