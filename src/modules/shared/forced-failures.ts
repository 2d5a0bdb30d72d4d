import { ProblemError } from '../../adapters/http/problem';
import { DomainError } from '../../core/errors';

/**
 * Sandbox test values. A quote or payment whose `reference` is one of these keys takes the failure
 * it names, so an integrator can exercise every path its checkout must handle without arranging the
 * real conditions. The table is documented in docs/testing.md and on `reference` in the spec.
 */
export const FORCED_FAILURES = {
  /** The payment is created `declined`: the payer's bank refused it. */
  force_insufficient_funds: {
    kind: 'decline',
    code: 'insufficient_funds',
    reason: "The payer's participant declined the payment: insufficient funds.",
  },
  /** The payment is created `declined`: the payer's central bank is at its net debit cap. */
  force_net_debit_cap: {
    kind: 'decline',
    code: 'net_debit_cap_reached',
    reason: "The payer's central bank has reached its net debit cap; the payment cannot be accepted.",
  },
  /** 503: the payer's participant cannot be reached; retry later with the same Idempotency-Key. */
  force_participant_unavailable: { kind: 'unavailable', status: 503, code: 'participant_unavailable' },
  /** 504: the payer's participant did not answer in time; retry with the same Idempotency-Key. */
  force_participant_timeout: { kind: 'unavailable', status: 504, code: 'participant_timeout' },
  /** 422 `fx_rate_unavailable`: no rate can be had for the payer's currency right now. */
  force_fx_unavailable: { kind: 'fx_unavailable' },
  /** The quote is created already expired, so paying it answers 422 `quote_expired`. */
  force_quote_expired: { kind: 'quote_expired' },
  /** The payment is captured, then unwound (`failed`, `settlement_unwound`) when its window closes. */
  force_settlement_unwound: { kind: 'settlement_unwound' },
} as const;

export type ForcedFailure = (typeof FORCED_FAILURES)[keyof typeof FORCED_FAILURES];

export function forcedFailure(reference: string | null | undefined): ForcedFailure | undefined {
  return reference && Object.hasOwn(FORCED_FAILURES, reference) ? FORCED_FAILURES[reference as keyof typeof FORCED_FAILURES] : undefined;
}

/** The failures that stop a quote or payment before anything is stored. */
export function raiseForcedRefusal(reference: string | null | undefined): void {
  const forced = forcedFailure(reference);
  if (forced?.kind === 'unavailable') {
    const what = forced.code === 'participant_timeout' ? 'did not answer in time' : 'cannot be reached';
    throw new ProblemError(
      forced.status,
      forced.code,
      `The payer's participant ${what} (forced by the test reference ${reference}); retry later with the same Idempotency-Key.`,
    );
  }
  if (forced?.kind === 'fx_unavailable') {
    throw new DomainError(
      'fx_rate_unavailable',
      `No FX rate is available for this payment right now (forced by the test reference ${reference}).`,
      'currency',
    );
  }
}
