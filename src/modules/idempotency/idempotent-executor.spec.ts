import fc from 'fast-check';
import { canonicalJson, checkIdempotencyKey, requestDigest } from './idempotent-executor';

/** The canonical form, written plainly: JSON.stringify's values, every object's keys in sorted order. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${sortedJson(object[key])}`)
    .join(',')}}`;
}

describe('request identity for idempotency', () => {
  it('treats bodies that differ only in key order as the same request', () => {
    expect(canonicalJson({ b: 2, a: { d: [1, { f: 1, e: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"e":2,"f":1}]},"b":2}');
    expect(requestDigest('post', '/v1/payments', { amount: '1.00', currency: 'KES' })).toBe(
      requestDigest('POST', '/v1/payments', { currency: 'KES', amount: '1.00' }),
    );
  });

  it('writes any JSON body in one canonical form, keys sorted at every level, so digests stay those already stored', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(canonicalJson(body)).toBe(sortedJson(body));
      }),
    );
  });

  it('tells apart the same body sent to another path', () => {
    expect(requestDigest('POST', '/v1/payments/pay_1/refunds', {})).not.toBe(requestDigest('POST', '/v1/payments/pay_2/refunds', {}));
  });

  it('accepts keys of 1 to 255 printable characters and names what is wrong otherwise', () => {
    expect(checkIdempotencyKey('order-1234', true)).toBe('order-1234');
    expect(checkIdempotencyKey('x'.repeat(255), true)).toHaveLength(255);
    expect(checkIdempotencyKey(undefined, false)).toBeUndefined();
    expect(() => checkIdempotencyKey(undefined, true)).toThrow(expect.objectContaining({ code: 'idempotency_key_missing' }));
    expect(() => checkIdempotencyKey('x'.repeat(256), true)).toThrow(expect.objectContaining({ code: 'idempotency_key_invalid' }));
    expect(() => checkIdempotencyKey('has space', true)).toThrow(expect.objectContaining({ code: 'idempotency_key_invalid' }));
  });
});
