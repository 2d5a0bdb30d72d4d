import fc from 'fast-check';
import { assertAuthorizationLive } from '../payments/authorization-expiry';
import { domainErrorOf } from '../test-support';
import { sandboxNow } from './sandbox-time';
import { advancedOffset, intervalCloseDue, isDue } from './test-clock';

const WALL = new Date('2026-11-23T10:00:00.000Z');

describe('the test clock', () => {
  it('moves forward by seconds, on top of any earlier advance', () => {
    expect(advancedOffset(0n, { seconds: 90 }, WALL)).toBe(90_000n);
    expect(advancedOffset(5_000n, { seconds: 1 }, WALL)).toBe(6_000n);
  });

  it('moves to a later sandbox time, whatever the wall clock reads', () => {
    const offset = advancedOffset(60_000n, { to: new Date('2026-11-24T10:00:00.000Z') }, WALL);
    expect(sandboxNow(offset, WALL).toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });

  it('never moves backwards or stands still: the time must be later than the sandbox time now, on the field `to`', () => {
    // Sandbox time is 10:01 (one minute ahead of the wall clock); 10:00:30 is in its past.
    const error = domainErrorOf(() => advancedOffset(60_000n, { to: new Date('2026-11-23T10:00:30.000Z') }, WALL));
    expect(error).toMatchObject({ code: 'clock_not_forward', field: 'to' });
    expect(domainErrorOf(() => advancedOffset(60_000n, { to: new Date('2026-11-23T10:01:00.000Z') }, WALL)).code).toBe('clock_not_forward');
    expect(domainErrorOf(() => advancedOffset(0n, { seconds: 0 }, WALL))).toMatchObject({ code: 'validation_failed', field: 'seconds' });
  });

  it('only ever grows the offset, so a time due on the wall clock stays due in sandbox time', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 10 ** 9 }), (offset, seconds) => {
        const next = advancedOffset(offset, { seconds }, WALL);
        expect(next > offset).toBe(true);
        const to = new Date(sandboxNow(offset, WALL).getTime() + seconds);
        expect(advancedOffset(offset, { to }, WALL) > offset).toBe(true);
      }),
    );
  });

  it('counts a time as due from that very instant on', () => {
    const at = new Date('2026-11-23T10:05:00.000Z');
    expect(isDue(at, new Date('2026-11-23T10:04:59.999Z'))).toBe(false);
    expect(isDue(at, at)).toBe(true);
    expect(isDue(null, at)).toBe(false);
  });

  it('has an interval cycle close a window once opened_at + cycle has come', () => {
    const openedAt = new Date('2026-11-23T10:00:00.000Z');
    expect(intervalCloseDue(openedAt, 3600, new Date('2026-11-23T10:59:59.999Z'))).toBe(false);
    expect(intervalCloseDue(openedAt, 3600, new Date('2026-11-23T11:00:00.000Z'))).toBe(true);
  });
});

describe('authorization expiry', () => {
  const expiresAt = new Date('2026-11-30T10:00:00.000Z');
  const authorized = { id: 'pay_1', status: 'authorized' as const, authorizationExpiresAt: expiresAt };

  it('refuses to capture or void an authorization past its expiry, even before the sweep marks it expired', () => {
    expect(domainErrorOf(() => assertAuthorizationLive(authorized, 'captured', expiresAt))).toMatchObject({
      code: 'authorization_expired',
    });
    expect(domainErrorOf(() => assertAuthorizationLive(authorized, 'voided', expiresAt)).message).toContain('cannot be voided');
  });

  it('lets a live authorization, or a payment in any other state, through to the state machine', () => {
    expect(() => assertAuthorizationLive(authorized, 'captured', new Date(expiresAt.getTime() - 1))).not.toThrow();
    expect(() => assertAuthorizationLive({ ...authorized, status: 'captured' }, 'voided', expiresAt)).not.toThrow();
    expect(() => assertAuthorizationLive({ ...authorized, authorizationExpiresAt: null }, 'captured', expiresAt)).not.toThrow();
  });
});
