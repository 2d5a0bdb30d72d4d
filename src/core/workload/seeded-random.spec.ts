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

  it('draws standard normals: mean 0, variance 1, the same for the same seed', () => {
    const random = new SeededRandom(5);
    const draws = Array.from({ length: 20_000 }, () => random.normal());
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / draws.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(variance).toBeCloseTo(1, 1);
    const again = new SeededRandom(5);
    expect(draws.slice(0, 3)).toEqual([again.normal(), again.normal(), again.normal()]);
  });
});
