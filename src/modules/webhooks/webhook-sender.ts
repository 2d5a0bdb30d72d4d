import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { signWebhookPayload } from '../../client/webhooks';
import type { Event } from '../../generated/prisma/client';
import { presentEvent } from '../events/event.presenter';

/** How long an endpoint has to answer, body included. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of an endpoint's answer is kept in the attempt log. */
export const RESPONSE_EXCERPT_BYTES = 1024;

/** One POST of an event, as the attempt log records it. */
export interface AttemptResult {
  startedAt: Date;
  durationMs: number;
  succeeded: boolean;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

/**
 * POSTs an event to an endpoint, signed with its secret at the moment of sending. It never throws:
 * whatever happens (an error status, a timeout, a refused connection) is the attempt's result.
 */
@Injectable()
export class WebhookSender {
  async send(endpoint: { url: string; secret: string }, event: Event): Promise<AttemptResult> {
    const body = JSON.stringify(presentEvent(event));
    // When the request really went out (the attempt log): the wall clock, like the signature's timestamp.
    const startedAt = new Date();
    const simulated = simulatedFailure(endpoint.url, startedAt);
    if (simulated) return simulated;
    const start = performance.now();
    const elapsed = () => Math.round(performance.now() - start);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Corridor-Webhooks/1',
          // Wall clock, not sandbox time: the receiver checks the timestamp's tolerance against its real clock.
          'Corridor-Signature': signWebhookPayload({ payload: body, secret: endpoint.secret, timestamp: Math.floor(Date.now() / 1000) }),
          'Corridor-Event-Id': event.id,
        },
        body,
        // A redirect is an answer the receiver must fix, not a second URL to post an event to.
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      const responseExcerpt = await excerptOf(response);
      const succeeded = response.status >= 200 && response.status < 300;
      return {
        startedAt,
        durationMs: elapsed(),
        succeeded,
        statusCode: response.status,
        error: succeeded ? null : `The endpoint answered ${response.status}.`,
        responseExcerpt,
      };
    } catch (thrown) {
      return {
        startedAt,
        durationMs: elapsed(),
        succeeded: false,
        statusCode: null,
        error: describeFailure(thrown),
        responseExcerpt: null,
      };
    }
  }
}

/** The first KiB of the body; the rest is not read, so a huge answer costs nothing. */
async function excerptOf(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  // PostgreSQL text cannot hold NUL characters.
  return Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8').replaceAll('\0', '');
}

function describeFailure(thrown: unknown): string {
  if (thrown instanceof Error && thrown.name === 'TimeoutError') return `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.`;
  // fetch reports network failures as "fetch failed" with the reason (ECONNREFUSED, ENOTFOUND…) as cause.
  const cause = thrown instanceof Error && thrown.cause instanceof Error ? thrown.cause : thrown;
  const message = cause instanceof Error ? cause.message : String(cause);
  return `Could not deliver: ${message}`;
}

/**
 * Sandbox test endpoints: `https://fail.corridor.test/…` answers every delivery 500 and
 * `https://timeout.corridor.test/…` never answers in time, without any network (`.test` is reserved
 * and never resolves), so an integrator can watch retries and the automatic disable.
 */
function simulatedFailure(url: string, startedAt: Date): AttemptResult | undefined {
  const host = new URL(url).hostname;
  if (host === 'fail.corridor.test') {
    return {
      startedAt,
      durationMs: 0,
      succeeded: false,
      statusCode: 500,
      error: 'The endpoint answered 500.',
      responseExcerpt: 'test endpoint: always fails',
    };
  }
  if (host === 'timeout.corridor.test') {
    return {
      startedAt,
      durationMs: DELIVERY_TIMEOUT_MS,
      succeeded: false,
      statusCode: null,
      error: `The endpoint did not answer within ${DELIVERY_TIMEOUT_MS / 1000} s.`,
      responseExcerpt: null,
    };
  }
  return undefined;
}
