import type { Request, Response } from 'express';
import type { Principal } from '../access/principal';
import { checkIdempotencyKey, type IdempotentRequest, type RecordedResponse, requestDigest } from './idempotent-executor';

/** The key's request as idempotency sees it: scoped to the API key, identified by method, path and body. */
export function idempotentRequest(principal: Principal, req: Request, key: string): IdempotentRequest {
  return { scope: principal.keyId, key, requestHash: requestDigest(req.method, req.path, req.body) };
}

/** For actions where an `Idempotency-Key` is optional: the request when a key was sent. */
export function optionalIdempotency(principal: Principal, req: Request, header: string | undefined): IdempotentRequest | undefined {
  const key = checkIdempotencyKey(header, false);
  return key === undefined ? undefined : idempotentRequest(principal, req, key);
}

/**
 * The recorded status and body, or the recorded problem raised again; a replay says so in
 * `Idempotent-Replayed`. A body already serialised is sent as that text (Nest passes a string to
 * Express as it is), not serialised a second time.
 */
export function answer<T>(res: Response, response: RecordedResponse<T>): T | string {
  if (response.replayed) res.setHeader('Idempotent-Replayed', 'true');
  if ('problem' in response) throw response.problem;
  res.status(response.status);
  if (response.json === undefined) return response.body;
  // The media type as Express would write it, without its lookup by extension on every answer.
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  return response.json.text;
}
