import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../core/errors';
import { ProblemError, problemTitle, problemType, type Problem } from './problem';
import { requestIdOf } from './request-id.middleware';
import type { FieldError } from './schema-validator';

/**
 * The HTTP status of each domain error code: the one place that decides it. Entries are tried in
 * order; a code that matches none is an unprocessable business rule (422).
 */
const STATUS_OF_DOMAIN_CODE: readonly (readonly [string | RegExp, number])[] = [
  ['malformed_json', 400],
  [/^idempotency_key_(missing|invalid)$/, 400],
  ['unauthorized', 401],
  ['forbidden', 403],
  ['not_found', 404],
  ['reference_not_found', 404],
  // State conflicts: the request was fine, the resource is not in a state that allows it.
  [/_conflict$/, 409],
  [/^invalid_\w+_state$/, 409],
  ['idempotency_request_in_progress', 409],
  ['quote_already_used', 409],
  ['invalid_window_transition', 409],
  ['window_not_open', 409],
  ['window_not_closed', 409],
  // The authorization lapsed (sandbox time) before this capture or void.
  ['authorization_expired', 409],
  ['payload_too_large', 413],
];

export function statusOfDomainCode(code: string): number {
  for (const [match, status] of STATUS_OF_DOMAIN_CODE) {
    if (typeof match === 'string' ? match === code : match.test(code)) return status;
  }
  return 422;
}

/** Codes for Nest's and Express's own HTTP errors, by status. */
const CODE_OF_HTTP_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'too_many_requests',
};

interface ProblemParts {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
}

/**
 * Answers every error as an RFC 9457 problem (`application/problem+json`). Register it globally
 * (`app.useGlobalFilters(new ProblemDetailsFilter())`); it also sees the JSON body middleware's failures and
 * unknown routes, which Nest hands to global filters.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(req, res);
    const parts = this.partsOf(exception, req, requestId);
    if (res.headersSent) {
      // Part of a response is already out; all we can do is stop and leave a trace.
      this.logger.error(`${req.method} ${req.originalUrl} failed after its response began (request ${requestId})`);
      res.end();
      return;
    }
    const problem: Problem = {
      type: problemType(parts.code),
      title: problemTitle(parts.code),
      status: parts.status,
      detail: parts.detail,
      instance: req.originalUrl.split('?')[0] ?? req.originalUrl,
      code: parts.code,
      request_id: requestId,
      ...(parts.errors && parts.errors.length > 0 ? { errors: parts.errors } : {}),
    };
    res.status(parts.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private partsOf(exception: unknown, req: Request, requestId: string): ProblemParts {
    if (exception instanceof ProblemError) {
      return { status: exception.status, code: exception.code, detail: exception.detail, errors: exception.errors };
    }
    if (exception instanceof DomainError) {
      const problem = ProblemError.of(exception, statusOfDomainCode)!;
      return { status: problem.status, code: problem.code, detail: problem.detail, errors: problem.errors };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      return { status, code: CODE_OF_HTTP_STATUS[status] ?? 'bad_request', detail: exception.message };
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`${req.method} ${req.originalUrl} failed (request ${requestId}): ${error.message}`, error.stack);
    return {
      status: 500,
      code: 'internal_error',
      detail: 'An unexpected error occurred; quote the request id when reporting it.',
    };
  }
}
