import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './problem';

export const API_VERSION_HEADER = 'Corridor-Version';

/**
 * The dated version of the API this server speaks. A breaking change gets a new date; integrators pin
 * the date they built against by sending it, and learn of a mismatch at once rather than by surprise.
 */
export const API_VERSION = '2026-11-23';
const SUPPORTED_VERSIONS: readonly string[] = [API_VERSION];

/** Answers every response with the version, and refuses a request pinned to a version this server lacks. */
export function apiVersionMiddleware(req: Request, res: Response, next: NextFunction): void {
  res.setHeader(API_VERSION_HEADER, API_VERSION);
  const pinned = req.get(API_VERSION_HEADER);
  if (pinned !== undefined && !SUPPORTED_VERSIONS.includes(pinned)) {
    next(
      new ProblemError(
        400,
        'unsupported_api_version',
        `This server speaks ${API_VERSION_HEADER} ${SUPPORTED_VERSIONS.join(', ')}; the request asked for ${pinned}.`,
        [{ field: API_VERSION_HEADER, reason: `must be one of ${SUPPORTED_VERSIONS.join(', ')}`, code: 'unsupported_api_version' }],
      ),
    );
    return;
  }
  next();
}
