import autocannon from 'autocannon';
import { PhaseRecorder, type PhaseReport } from './phase-recorder';

/** One HTTP call a flow makes. */
export interface Call {
  method: 'GET' | 'POST';
  /** Path and query under the base URL, e.g. `/v1/payments?limit=20`. */
  path: string;
  /** API key sent as `Authorization: Bearer <key>`; none for unauthenticated endpoints. */
  key?: string;
  body?: unknown;
  idempotencyKey?: string;
}

/**
 * A step of a flow. Each connection runs the flow's steps in order, again and again, with a fresh
 * context each time round; a step reads what earlier steps stored in the context.
 */
export interface Step<C> {
  operation: string;
  /** The call to make, or null when an earlier step of this round failed (the round starts again). */
  call(context: C): Call | null;
  /**
   * Reads the answer (any status) into the context and says whether it is the answer the step wanted.
   * Only 2xx answers are judged by it: a 2xx with the wrong content counts as an error, and a non-2xx
   * is an error whatever this returns.
   */
  answer?(status: number, body: string, context: C): boolean;
}

/** Flows keep their state in plain objects whose fields start out missing. */
export interface Flow<C extends object> {
  steps: Step<C>[];
}

export interface PhaseOptions {
  url: string;
  label: string;
  connections: number;
  durationSeconds: number;
  timeoutSeconds: number;
  /** One line per second; none when absent. */
  progress?: (line: string) => void;
}

/**
 * Runs a flow on `connections` keep-alive connections for a set time and reports what came back.
 * Requests still in flight when the time is up are abandoned by autocannon: their outcome is unknown
 * to the load generator, which is why the no-loss checks count "sent, never answered" separately.
 */
export async function runPhase<C extends object>(flow: Flow<C>, options: PhaseOptions): Promise<PhaseReport> {
  const recorder = new PhaseRecorder(options.label, options.connections);
  const base = new URL(options.url);
  const prefix = base.pathname.replace(/\/+$/, '');
  const requests: autocannon.Request[] = flow.steps.map((step, index) => ({
    setupRequest: (request: autocannon.Request, context: object) => {
      const call = step.call(context as C);
      if (!call) {
        // Nothing returned makes autocannon start the round again; from the first step there is nowhere to go back to.
        if (index === 0) throw new Error(`the first step of a flow (${step.operation}) must always make a call`);
        return undefined as unknown as autocannon.Request;
      }
      recorder.sent(step.operation);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (call.key) headers.authorization = `Bearer ${call.key}`;
      if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      return {
        ...request,
        method: call.method,
        path: `${prefix}${call.path}`,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      };
    },
    onResponse: (status: number, body: string, context: object) => {
      const valid = step.answer ? step.answer(status, body, context as C) : true;
      recorder.answered(step.operation, status, valid);
    },
  }));

  const startedAt = performance.now();
  let instance: autocannon.Instance | undefined;
  // autocannon checks for the end of the run once per sample: sampling every 100 ms stops it within
  // 0.1 s of the duration instead of up to a second later.
  const sampleInt = 100;
  const finished = new Promise<void>((resolve, reject) => {
    instance = autocannon(
      {
        url: base.origin,
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: options.timeoutSeconds,
        sampleInt,
        requests,
      },
      (error: Error | null) => (error ? reject(error) : resolve()),
    );
  });
  instance!.on('response', (_client, _status, _bytes, responseTime) => recorder.timed(responseTime));
  instance!.on('reqError', (error: Error) => recorder.failed(error.message.includes('timed out') ? 'timeout' : 'connection_error'));

  const ticker = setInterval(() => {
    const sample = recorder.tick();
    const soFar = recorder.soFar();
    options.progress?.(
      `[${options.label}] ${sample.t.toFixed(0).padStart(3)} s  ${sample.rps.toFixed(0).padStart(6)} req/s  p99 ${soFar.p99.toFixed(1)} ms so far  errors ${soFar.errors}`,
    );
  }, 1000);
  try {
    await finished;
  } finally {
    clearInterval(ticker);
  }
  const durationSeconds = (performance.now() - startedAt) / 1000;
  recorder.flush();
  return recorder.report(durationSeconds);
}

/** A JSON object answer, or null when the body is not one. */
export function readJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function succeeded(status: number): boolean {
  return status >= 200 && status < 300;
}
