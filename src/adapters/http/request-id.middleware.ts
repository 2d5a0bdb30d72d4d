import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from '../../modules/shared/ids';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a caller may send as its own request id; anything else is replaced rather than echoed. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:+=/@-]{1,128}$/;

const REQUEST_ID = Symbol('corridor.requestId');
type WithRequestId = Request & { [REQUEST_ID]?: string };

/**
 * The request's id, given once: the caller's `X-Request-Id` when it is safe to echo (it ends up in logs
 * and headers), otherwise `req_` + random. Also sets the response header, so the exception filter gets
 * an id even for a request that failed before the middleware ran.
 */
export function requestIdOf(req: Request, res: Response): string {
  const request = req as WithRequestId;
  let id = request[REQUEST_ID];
  if (id === undefined) {
    const sent = req.get(REQUEST_ID_HEADER);
    id = sent !== undefined && SAFE_REQUEST_ID.test(sent) ? sent : newRequestId();
    request[REQUEST_ID] = id;
  }
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

export function newRequestId(): string {
  return `req_${Buffer.from(randomBytes(12)).toString('base64url')}`;
}

/**
 * Express middleware. Register it with `app.use(requestIdMiddleware)` before `app.init()`, so that it
 * runs ahead of the body parser and even a malformed body's problem carries the id.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  requestIdOf(req, res);
  next();
}
