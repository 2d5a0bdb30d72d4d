import fc from 'fast-check';
import { encodeRandom, newId } from './ids';

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

  it('writes the 80 random bits as 16 Crockford base32 digits, most significant first (the ULID layout)', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const value = bytes.reduce((bits, byte) => (bits << 8n) | BigInt(byte), 0n);
        const expected = Array.from({ length: 16 }, (_, i) => alphabet[Number((value >> BigInt(5 * (15 - i))) & 31n)]).join('');
        expect(encodeRandom(bytes)).toBe(expected);
      }),
    );
    expect(encodeRandom(new Uint8Array(10).fill(255))).toBe('ZZZZZZZZZZZZZZZZ');
  });
});
