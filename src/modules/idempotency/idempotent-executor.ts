import { Inject, Injectable } from '@nestjs/common';
import { hash } from 'node:crypto';
import { ProblemError } from '../../adapters/http/problem';
import { statusOfDomainCode } from '../../adapters/http/problem-details.filter';
import type { Prisma } from '../../generated/prisma/client';
import { type Db, isUniqueViolation, PRISMA, type Tx } from '../shared/persistence';
import type { JsonText } from '../shared/bulk-insert';

export interface IdempotentRequest {
  /** Whose keys these are: the API key that sent the request, so two callers never share a key space. */
  scope: string;
  key: string;
  /** Digest of method, path and body (see `requestDigest`). */
  requestHash: string;
}

export type RecordedResponse<T> =
  /** `json`: the body as JSON text, when the write serialised it already (a new payment's, for its event). */
  | { status: number; body: T; replayed: boolean; json?: JsonText }
  /** A client error the first request got, answered again for the same key and request. */
  | { status: number; problem: ProblemError; replayed: true };

/** The stored form of a client error: enough to raise the same problem again. */
export interface StoredProblem {
  problem: { code: string; detail: string; errors?: ProblemError['errors'] };
}

/**
 * Runs a state change at most once per idempotency key. The response is stored in the same transaction
 * as the change it describes, so a key either has both or neither — a crash cannot leave a payment
 * without its record, or a record without its payment. Two concurrent requests with one key both run
 * the change, but only one commits: the other's insert of the record fails on the primary key, its
 * transaction rolls back, and it answers with the winner's response.
 */
@Injectable()
export class IdempotentExecutor {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async run<T>(request: IdempotentRequest, status: number, change: (tx: Tx) => Promise<T>): Promise<RecordedResponse<T>> {
    const earlier = await this.replay<T>(request);
    if (earlier) return earlier;
    try {
      const body = await this.db.$transaction(async (tx) => {
        const result = await change(tx);
        await tx.idempotencyRecord.create({
          data: {
            scope: request.scope,
            key: request.key,
            requestHash: request.requestHash,
            responseStatus: status,
            responseBody: result as object,
          },
        });
        return result;
      });
      return { status, body, replayed: false };
    } catch (error) {
      if (isUniqueViolation(error)) {
        const winner = await this.replay<T>(request);
        if (winner) return winner;
        throw error;
      }
      await this.recordClientError(request, error);
      throw error;
    }
  }

  /**
   * A request that started executing and broke a business rule gets the same answer when retried with
   * its key, as integrators expect (a validation error before execution is not recorded: fixing the
   * body and retrying with the same key must work). Server errors are not recorded: a retry may succeed.
   */
  private async recordClientError(request: IdempotentRequest, error: unknown): Promise<void> {
    const recorded = recordedClientError(error);
    if (!recorded) return;
    await this.db.idempotencyRecord.createMany({
      data: [
        {
          scope: request.scope,
          key: request.key,
          requestHash: request.requestHash,
          responseStatus: recorded.status,
          responseBody: recorded.body as unknown as Prisma.InputJsonObject,
        },
      ],
      // A concurrent request with the same key may have recorded its answer first; that one stands.
      skipDuplicates: true,
    });
  }

  private async replay<T>(request: IdempotentRequest): Promise<RecordedResponse<T> | null> {
    const stored = await findStoredAnswer(this.db, request);
    return stored ? answerFromRecord<T>(request, stored) : null;
  }
}

/** The answer stored for a key, its body read from the event it names when it is kept there. */
export async function findStoredAnswer(db: Db, request: { scope: string; key: string }): Promise<StoredAnswer | null> {
  const record = await db.idempotencyRecord.findUnique({ where: { scope_key: { scope: request.scope, key: request.key } } });
  if (!record) return null;
  const responseBody =
    record.responseBody ?? (await db.event.findUniqueOrThrow({ where: { id: record.responseEventId! }, select: { data: true } })).data;
  return { requestHash: record.requestHash, responseStatus: record.responseStatus, responseBody };
}

/** What is stored for a key: the digest of the request that made it and the answer it got. */
export interface StoredAnswer {
  requestHash: string;
  responseStatus: number;
  responseBody: unknown;
}

/** The stored answer for the same request, or a 409 for the same key used with another request. */
export function answerFromRecord<T>(request: IdempotentRequest, record: StoredAnswer): RecordedResponse<T> {
  if (record.requestHash !== request.requestHash) {
    throw new ProblemError(
      409,
      'idempotency_key_conflict',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
    );
  }
  if (record.responseStatus >= 400) {
    const { problem } = record.responseBody as StoredProblem;
    return {
      status: record.responseStatus,
      problem: new ProblemError(record.responseStatus, problem.code, problem.detail, problem.errors),
      replayed: true,
    };
  }
  return { status: record.responseStatus, body: record.responseBody as T, replayed: true };
}

/**
 * The status and stored body of a client error (a broken business rule or an edge refusal) a request
 * got while executing, or null for a server error, which is never recorded: a retry may succeed.
 */
export function recordedClientError(error: unknown): { status: number; body: StoredProblem } | null {
  const problem = ProblemError.of(error, statusOfDomainCode);
  if (!problem) return null;
  return {
    status: problem.status,
    body: { problem: { code: problem.code, detail: problem.detail, ...(problem.errors ? { errors: problem.errors } : {}) } },
  };
}

/** Keys are opaque to us but must be printable ASCII of a sensible length (as integrators expect). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function checkIdempotencyKey(key: string | undefined, required: boolean): string | undefined {
  if (key === undefined || key === '') {
    if (required) {
      throw new ProblemError(
        400,
        'idempotency_key_missing',
        'This request needs an Idempotency-Key header (1–255 printable ASCII characters).',
      );
    }
    return undefined;
  }
  if (!KEY_PATTERN.test(key)) {
    throw new ProblemError(400, 'idempotency_key_invalid', 'The Idempotency-Key must be 1–255 printable ASCII characters without spaces.');
  }
  return key;
}

/** A digest of what was asked: the same key with another method, path or body is a conflict. */
export function requestDigest(method: string, path: string, body: unknown): string {
  return hash('sha256', `${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`, 'hex');
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${text}]`;
  }
  // Every request digests its body: one pass over sorted keys, without intermediate arrays of entries.
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let text = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    text += (text.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
  }
  return `${text}}`;
}
