import type { NextFunction, Request, Response } from 'express';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ProblemError } from './problem';

/** Largest request body, once inflated; a whole region document fits many times over. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/** `application/json` and the structured `+json` types (`application/merge-patch+json`, …). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/;

/** The request compressions clients already used (body-parser accepted them), so their bodies still read. */
const DECOMPRESSORS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * Reads a JSON request body into `req.body`. It replaces body-parser's JSON parser, whose content
 * negotiation, charset decoders and stream plumbing cost more CPU per `POST` than the rest of the
 * HTTP edge (`docs/benchmarks.md`, session 9), while keeping what callers relied on: only JSON media
 * types are read (other requests pass with no body), UTF-8 only as RFC 8259 requires, gzip, deflate
 * and br bodies inflated, a 1 MiB limit, an empty body read as `{}`, and only an object or array
 * accepted at the top level. Failures are problems: 400 `malformed_json`, 413 `payload_too_large`.
 * Register it after the request-id middleware, so even a malformed body's problem carries the id.
 */
export function jsonBodyMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const contentType = req.headers['content-type'];
  if (contentType === undefined || !hasBody(req)) return next();
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (!JSON_MEDIA_TYPE.test(mediaType.trim().toLowerCase())) return next();

  const refusal = charsetRefusal(parameters) ?? lengthRefusal(req.headers['content-length']);
  if (refusal) return refuseAfterReading(req, refusal, next);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decompress = encoding === 'identity' ? undefined : DECOMPRESSORS[encoding];
  if (encoding !== 'identity' && !decompress) {
    return refuseAfterReading(req, malformed(`Content-Encoding ${encoding} is not supported; send identity, gzip, deflate or br.`), next);
  }

  const source: Readable = decompress ? req.pipe(decompress()) : req;
  const chunks: Buffer[] = [];
  let length = 0;
  let settled = false;
  const fail = (problem: ProblemError): void => {
    if (settled) return;
    settled = true;
    if (source !== req) {
      req.unpipe();
      source.destroy();
    }
    refuseAfterReading(req, problem, next);
  };
  source.on('data', (chunk: Buffer) => {
    length += chunk.length;
    if (length > JSON_BODY_LIMIT_BYTES) fail(tooLarge());
    else chunks.push(chunk);
  });
  source.on('error', () => fail(malformed(`The request body could not be decompressed as ${encoding}.`)));
  req.on('aborted', () => fail(malformed('The request body ended before it was complete.')));
  source.on('end', () => {
    if (settled) return;
    settled = true;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, length).toString('utf8');
    try {
      req.body = parseJsonDocument(text);
    } catch (error) {
      next(error);
      return;
    }
    next();
  });
}

/** What body-parser's strict JSON parser accepted: an object or array, or an empty body as `{}`. */
function parseJsonDocument(text: string): unknown {
  // A byte order mark is allowed before JSON text but is not part of it (RFC 8259 §8.1).
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(json)?.[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw malformed('The request body must be a JSON object or array.');
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw malformed(`The request body is not valid JSON: ${(error as Error).message}.`);
  }
}

/** A body is present when its length is declared (even as 0) or it is sent in chunks. */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

function charsetRefusal(parameters: readonly string[]): ProblemError | undefined {
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8')
      return malformed(`JSON bodies are UTF-8 (RFC 8259); the request declared charset=${charset}.`);
  }
  return undefined;
}

function lengthRefusal(declared: string | undefined): ProblemError | undefined {
  return declared !== undefined && Number(declared) > JSON_BODY_LIMIT_BYTES ? tooLarge() : undefined;
}

/** Answers only once the client has sent its whole body, so that it reads the problem rather than a reset. */
function refuseAfterReading(req: Request, problem: ProblemError, next: NextFunction): void {
  if (req.readableEnded || req.destroyed) return next(problem);
  req.on('end', () => next(problem));
  req.on('error', () => next(problem));
  req.resume();
}

function malformed(detail: string): ProblemError {
  return new ProblemError(400, 'malformed_json', detail);
}

function tooLarge(): ProblemError {
  return new ProblemError(413, 'payload_too_large', `The request body is larger than the server accepts (${JSON_BODY_LIMIT_BYTES} bytes).`);
}
