import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** When the request arrived (`Date.now()`). */
  at: number;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent, as a receiver must verify it. */
  body: string;
}

/**
 * A merchant's webhook endpoint on 127.0.0.1: records every request and answers with the statuses it
 * is told to, in turn, then with its usual status.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly upcoming: number[] = [];
  private usual = 200;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        receiver.received.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = receiver.upcoming.shift() ?? receiver.usual;
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : `receiver says no (${status})`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/corridor/webhooks`;
  }

  /** The next requests get these statuses, one each. */
  answerNext(...statuses: number[]): void {
    this.upcoming.push(...statuses);
  }

  /** Every request after those queued by {@link answerNext} gets this status. */
  answerAlways(status: number): void {
    this.usual = status;
  }

  /** Waits until at least `count` requests have arrived, and returns them all. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} webhooks within ${timeoutMs} ms, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}
