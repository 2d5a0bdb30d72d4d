import { domainErrorOf } from '../test-support';
import { WINDOW_TRANSITIONS, type WindowStatus, assertWindowTransition, canTransition, isTerminal } from './window-state';

const ALL: WindowStatus[] = ['open', 'closing', 'closed', 'settling', 'settled', 'failed'];

describe('settlement window lifecycle', () => {
  it('follows open → closing → closed → settling → settled', () => {
    expect(canTransition('open', 'closing')).toBe(true);
    expect(canTransition('closing', 'closed')).toBe(true);
    expect(canTransition('closed', 'settling')).toBe(true);
    expect(canTransition('settling', 'settled')).toBe(true);
  });

  it('can fail from every step after open, but not while open', () => {
    expect(canTransition('closing', 'failed')).toBe(true);
    expect(canTransition('closed', 'failed')).toBe(true);
    expect(canTransition('settling', 'failed')).toBe(true);
    expect(canTransition('open', 'failed')).toBe(false);
  });

  it('allows exactly the listed transitions: no skipping, no going back, no self-loops', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'open→closing',
      'closing→closed',
      'closing→failed',
      'closed→settling',
      'closed→failed',
      'settling→settled',
      'settling→failed',
    ]);
    expect(Object.isFrozen(WINDOW_TRANSITIONS)).toBe(true);
  });

  it('ends in settled or failed, never to move again (a window settles once)', () => {
    expect(ALL.filter(isTerminal)).toEqual(['settled', 'failed']);
    expect(domainErrorOf(() => assertWindowTransition('settled', 'settling'))).toMatchObject({ code: 'invalid_window_transition' });
  });

  it('says which move was refused', () => {
    expect(domainErrorOf(() => assertWindowTransition('open', 'settled')).message).toBe(
      'a settlement window cannot go from open to settled',
    );
    expect(() => assertWindowTransition('closing', 'closed')).not.toThrow();
  });

  it('refuses a status it does not know', () => {
    expect(canTransition('archived' as WindowStatus, 'open')).toBe(false);
    expect(isTerminal('archived' as WindowStatus)).toBe(false);
  });
});
