import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const draws = Array.from({ length: 100 }, () => [a.next(), b.next()]);
    expect(draws.every(([x, y]) => x === y)).toBe(true);
    expect(new SeededRandom(43).next()).not.toBe(new SeededRandom(42).next());
  });

  it('keeps integers within their bounds, both ends reachable', () => {
    const random = new SeededRandom(1);
    const seen = new Set(Array.from({ length: 2000 }, () => random.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });
});
