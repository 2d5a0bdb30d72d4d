import { DomainError } from '../../core/errors';
import type { FieldError } from './schema-validator';
import type { Schemas } from './openapi-document';

/** An RFC 9457 problem as the API sends it (`application/problem+json`). */
export type Problem = Schemas['Problem'];

/**
 * An error of the HTTP edge itself (authentication, access, idempotency, validation), as opposed to a
 * broken business rule (`DomainError`). The problem details filter turns it into a problem response.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    /** Stable snake_case code from the `Problem` schema's table. */
    readonly code: string,
    /** What went wrong this time, for a human reading the response. */
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }

  static unauthorized(detail = 'Send an API key as "Authorization: Bearer <api key>".'): ProblemError {
    return new ProblemError(401, 'unauthorized', detail);
  }

  static forbidden(detail: string): ProblemError {
    return new ProblemError(403, 'forbidden', detail);
  }

  /** Also what a key gets for a resource that exists but is not its own, so ids cannot be probed. */
  static notFound(detail: string): ProblemError {
    return new ProblemError(404, 'not_found', detail);
  }

  static validationFailed(detail: string, errors: FieldError[]): ProblemError {
    return new ProblemError(422, 'validation_failed', detail, errors);
  }

  /**
   * The client error a business rule or the edge raised, in a form that can be stored and raised again
   * (idempotent replays); `null` for anything else, such as an unexpected server error.
   */
  static of(error: unknown, statusOfDomainCode: (code: string) => number): ProblemError | null {
    if (error instanceof ProblemError) return error.status < 500 ? error : null;
    if (error instanceof DomainError) {
      const errors = error.field === undefined ? undefined : [{ field: error.field, reason: error.message, code: error.code }];
      return new ProblemError(statusOfDomainCode(error.code), error.code, error.message, errors);
    }
    return null;
  }
}

/** `unknown_currency` → `https://corridor.dev/problems/unknown-currency`. */
export function problemType(code: string): string {
  return `https://corridor.dev/problems/${code.replaceAll('_', '-')}`;
}

const TITLE_WORDS: Record<string, string> = { fx: 'FX', json: 'JSON', id: 'ID' };

/** `fx_rate_unavailable` → `FX rate unavailable`: the same title for every problem of a type. */
export function problemTitle(code: string): string {
  const words = code.split('_').map((w) => TITLE_WORDS[w] ?? w);
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}
