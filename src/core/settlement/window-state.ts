import { DomainError } from '../errors';

export type WindowStatus = 'open' | 'closing' | 'closed' | 'settling' | 'settled' | 'failed';

/**
 * A window collects obligations while open; closing stops intake, closed means positions are computed,
 * settling means transfers are being posted. Any step after open can fail (with what was unwound or
 * carried over recorded); settled and failed are final, so a window is never settled twice.
 */
export const WINDOW_TRANSITIONS: Readonly<Record<WindowStatus, readonly WindowStatus[]>> = Object.freeze({
  open: ['closing'],
  closing: ['closed', 'failed'],
  closed: ['settling', 'failed'],
  settling: ['settled', 'failed'],
  settled: [],
  failed: [],
});

export function canTransition(from: WindowStatus, to: WindowStatus): boolean {
  // Statuses read from storage are untrusted strings: an unknown one can go nowhere.
  return Object.hasOwn(WINDOW_TRANSITIONS, from) && WINDOW_TRANSITIONS[from].includes(to);
}

export function assertWindowTransition(from: WindowStatus, to: WindowStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('invalid_window_transition', `a settlement window cannot go from ${from} to ${to}`);
  }
}

export function isTerminal(status: WindowStatus): boolean {
  return Object.hasOwn(WINDOW_TRANSITIONS, status) && WINDOW_TRANSITIONS[status].length === 0;
}
