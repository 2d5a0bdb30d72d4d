import { newId } from './ids';

describe('newId', () => {
  it('sorts in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId('pay', 1_700_000_000_000));
    ids.push(newId('pay', 1_700_000_000_001));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries its prefix and a 26-character body', () => {
    expect(newId('win')).toMatch(/^win_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
