import { formatTick, linearScale } from './svg';

describe('linearScale', () => {
  it('widens the domain to round ticks that cover the data', () => {
    const scale = linearScale(0, 54_123_000, [0, 600]);

    expect(scale.ticks).toEqual([0, 20_000_000, 40_000_000, 60_000_000]);
    expect(scale(0)).toBe(0);
    expect(scale(60_000_000)).toBe(600);
  });

  it('gives ticks without float noise for fractions', () => {
    expect(linearScale(0, 0.0083, [0, 100]).ticks).toEqual([0, 0.002, 0.004, 0.006, 0.008, 0.01]);
  });

  it('still draws an axis for a series that never moves', () => {
    expect(linearScale(0, 0, [0, 100]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('formatTick', () => {
  it('shortens large values for axis labels', () => {
    expect([formatTick(12_500), formatTick(3_000_000), formatTick(-25_000_000), formatTick(0.25)]).toEqual(['12.5k', '3M', '-25M', '0.25']);
  });
});
