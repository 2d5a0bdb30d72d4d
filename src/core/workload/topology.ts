import type { SeededRandom } from './seeded-random';
import type { Topology } from './workload-spec';

/** Draws a (sender, receiver) pair, packed as sender × partyCount + receiver to avoid allocating. */
export type PairSampler = (random: SeededRandom) => number;

/**
 * Core–periphery: with probability `coreTraffic` a payment touches the core (a core party and any other
 * party, either direction); otherwise it runs between two periphery parties. `isCore` marks the core.
 */
export function corePeripherySampler(isCore: readonly boolean[], coreTraffic: number): PairSampler {
  const partyCount = isCore.length;
  const core = isCore.flatMap((flag, index) => (flag ? [index] : []));
  const periphery = isCore.flatMap((flag, index) => (flag ? [] : [index]));
  // Without two periphery parties every payment must touch the core.
  const touchCore = periphery.length < 2 ? 1 : coreTraffic;
  return (random) => {
    if (random.next() < touchCore) {
      const member = core[random.int(0, core.length - 1)]!;
      let other = random.int(0, partyCount - 2);
      if (other >= member) other += 1;
      return random.next() < 0.5 ? member * partyCount + other : other * partyCount + member;
    }
    const first = random.int(0, periphery.length - 1);
    let second = random.int(0, periphery.length - 2);
    if (second >= first) second += 1;
    return periphery[first]! * partyCount + periphery[second]!;
  };
}

/**
 * Scale-free (Barabási–Albert): parties 0…m start fully linked; each later party links to m distinct
 * earlier ones chosen in proportion to their links. A payment takes a uniformly drawn link in a random
 * direction, so a party's traffic grows with its links: a few hubs carry most of it.
 */
export function scaleFreeSampler(partyCount: number, attachment: number, random: SeededRandom): PairSampler {
  const m = attachment;
  const linkCount = (m * (m + 1)) / 2 + (partyCount - m - 1) * m;
  // Both ends of every link so far: drawing a uniform entry picks a party in proportion to its links.
  const ends = new Int32Array(2 * linkCount);
  let filled = 0;
  const link = (a: number, b: number) => {
    ends[filled++] = a;
    ends[filled++] = b;
  };
  for (let a = 0; a <= m; a++) for (let b = a + 1; b <= m; b++) link(a, b);
  const chosen = new Int32Array(m);
  for (let party = m + 1; party < partyCount; party++) {
    const drawnFrom = filled;
    for (let count = 0; count < m;) {
      const target = ends[random.int(0, drawnFrom - 1)]!;
      if (!chosen.subarray(0, count).includes(target)) chosen[count++] = target;
    }
    for (const target of chosen) link(party, target);
  }
  return (random) => {
    const at = 2 * random.int(0, linkCount - 1);
    const a = ends[at]!;
    const b = ends[at + 1]!;
    return random.next() < 0.5 ? a * partyCount + b : b * partyCount + a;
  };
}

/** The parties a topology puts in the core when it generates them: a share, or the founding hubs. */
export function generatedCoreCount(topology: Topology, partyCount: number): number {
  return topology.kind === 'core-periphery'
    ? Math.min(partyCount, Math.max(1, Math.round(topology.coreShare * partyCount)))
    : topology.attachment + 1;
}
