import fc from 'fast-check';
import { fitIdentifier, uetrOf } from './identifiers';

const UUID_V4 = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;

describe('fitIdentifier', () => {
  it('keeps an identifier that fits as it is', () => {
    expect(fitIdentifier('pay_01JDA6B2C4D6E8F0G2H4J6K8M0')).toBe('pay_01JDA6B2C4D6E8F0G2H4J6K8M0');
  });

  it('always fits Max35Text, and two different long ids never become one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), fc.string({ minLength: 36, maxLength: 200 }), (a, b) => {
        fc.pre(a.trim().length > 0 && b.trim().length > 0 && a !== b);
        expect(Array.from(fitIdentifier(a)).length).toBeLessThanOrEqual(35);
        expect(fitIdentifier(a)).not.toBe(fitIdentifier(b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('uetrOf', () => {
  it('is a UUID v4 in form, the same for the same id and different for another', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(uetrOf(a)).toMatch(UUID_V4);
        expect(uetrOf(a)).toBe(uetrOf(a));
        expect(uetrOf(a)).not.toBe(uetrOf(b));
      }),
      { numRuns: 300 },
    );
  });
});
