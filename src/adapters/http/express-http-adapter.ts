import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter with one change: the HTTP server builds each request and response on the
 * Express app's own prototypes (`app.request`, `app.response`) from the start.
 *
 * Why: Express 5 gives every request and response those prototypes with `Object.setPrototypeOf` when it
 * takes them. On V8 a prototype change per object is costly, and it also keeps about a third of what a
 * request allocates alive through the next young-generation collection and into the old generation: a
 * bare Express app on this machine served about 8,700 no-op requests/s, with 35–40 % of the young
 * generation surviving each scavenge, against 24,000/s and under 1 % once the server built its objects
 * on those prototypes (docs/benchmarks.md, session 12). Express still calls `setPrototypeOf`, which
 * changes nothing when the prototype is already the one it sets.
 */
export class ExpressHttpAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // HTTPS and Nest's connection tracking are not used here; Nest's own server keeps them working if set.
    if (options.httpsOptions || options.forceCloseConnections || options.return503OnClosing) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    this.httpServer = createServer({ IncomingMessage: requestsOf(app), ServerResponse: responsesOf(app) }, app);
  }
}

/** A request class whose instances have `app.request` as their prototype, so Express need not change it. */
function requestsOf(app: Express): typeof IncomingMessage {
  function ExpressRequest(this: IncomingMessage, socket: Socket): void {
    Reflect.apply(IncomingMessage, this, [socket]);
  }
  ExpressRequest.prototype = app.request;
  return ExpressRequest as unknown as typeof IncomingMessage;
}

/** The same for responses: instances have `app.response` as their prototype. */
function responsesOf(app: Express): typeof ServerResponse {
  function ExpressResponse(this: ServerResponse, request: IncomingMessage, options?: unknown): void {
    Reflect.apply(ServerResponse, this, [request, options]);
  }
  ExpressResponse.prototype = app.response;
  return ExpressResponse as unknown as typeof ServerResponse;
}
