import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { apiVersionMiddleware } from './api-version.middleware';
import { jsonBodyMiddleware } from './json-body.middleware';
import { mountApiDocs } from './docs';
import { ProblemDetailsFilter } from './problem-details.filter';
import { requestIdMiddleware } from './request-id.middleware';

/**
 * Puts the HTTP edge on an app: request ids, the dated API version, JSON bodies, problem details for every error,
 * and the API docs; no `X-Powered-By` (it names the framework to a probe) and no `ETag` (nothing here
 * answers conditional requests, and Express would hash every body, a payment's included). Call
 * it after `NestFactory.create` (with `bodyParser: false`) and before `app.init()`/`listen()`; the
 * request-id middleware runs ahead of the JSON body's, so that even a malformed body's problem carries the id.
 */
export function configureHttpEdge(app: INestApplication): void {
  (app as NestExpressApplication).disable('x-powered-by').set('etag', false);
  app.use(requestIdMiddleware);
  app.use(apiVersionMiddleware);
  app.use(jsonBodyMiddleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  mountApiDocs(app);
}
