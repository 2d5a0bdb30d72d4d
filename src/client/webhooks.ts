import { createHmac, timingSafeEqual } from 'node:crypto';
import type { components } from '../../openapi/corridor';

/** An event as Corridor POSTs it to a webhook endpoint (and as `GET /v1/events/{event_id}` returns it). */
export type CorridorEvent = components['schemas']['Event'];

/** Why a webhook could not be trusted; `reason` is stable, to branch on. */
export class WebhookSignatureError extends Error {
  constructor(
    readonly reason: 'malformed_header' | 'no_matching_signature' | 'timestamp_out_of_tolerance' | 'malformed_payload',
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

export interface VerifyWebhookSignatureOptions {
  /** The request body exactly as received: verify before any JSON parsing or re-serialising. */
  payload: string | Buffer;
  /** The `Corridor-Signature` header. */
  header: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** How far the signing time may be from now; 300 by default. */
  toleranceSeconds?: number;
  now?: Date;
}

const DEFAULT_TOLERANCE_SECONDS = 300;
const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Checks a webhook's `Corridor-Signature` (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`)
 * and returns the event it signs. Any `v1` may match, so a receiver keeps working while a secret is
 * rotated; the time check refuses a captured request replayed later.
 */
export function verifyWebhookSignature({
  payload,
  header,
  secret,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
  now = new Date(),
}: VerifyWebhookSignatureOptions): CorridorEvent {
  const { timestamp, signatures } = parseSignatureHeader(header);
  const expected = Buffer.from(signatureOf(payload, secret, timestamp), 'hex');
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
  if (!matches) {
    throw new WebhookSignatureError(
      'no_matching_signature',
      'No v1 signature in Corridor-Signature matches the payload: check the endpoint secret and verify the raw body, before parsing it.',
    );
  }
  const age = Math.floor(now.getTime() / 1000) - timestamp;
  if (Math.abs(age) > toleranceSeconds) {
    throw new WebhookSignatureError(
      'timestamp_out_of_tolerance',
      `The webhook was signed ${Math.abs(age)} s ${age >= 0 ? 'ago' : 'in the future'}, beyond the ${toleranceSeconds} s tolerance.`,
    );
  }
  try {
    return JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) as CorridorEvent;
  } catch {
    throw new WebhookSignatureError('malformed_payload', 'The signed payload is not JSON.');
  }
}

/**
 * The `Corridor-Signature` value for a payload signed at `timestamp` (unix seconds): what Corridor
 * sends, and what a receiver's tests can forge to exercise their handler.
 */
export function signWebhookPayload({
  payload,
  secret,
  timestamp,
}: {
  payload: string | Buffer;
  secret: string;
  timestamp: number;
}): string {
  return `t=${timestamp},v1=${signatureOf(payload, secret, timestamp)}`;
}

function signatureOf(payload: string | Buffer, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const scheme = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (scheme === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Other schemes (a future v2) are skipped, so adding one never breaks a receiver.
    if (scheme === 'v1' && SIGNATURE_PATTERN.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookSignatureError(
      'malformed_header',
      'Corridor-Signature must read "t=<unix seconds>,v1=<64 hex digits>" (several v1 while a secret rotates).',
    );
  }
  return { timestamp, signatures };
}
