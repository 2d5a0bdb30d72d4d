import type { INestApplication } from '@nestjs/common';
import { apiVersionMiddleware } from './api-version.middleware';
import { mountApiDocs } from './docs';
import { ProblemDetailsFilter } from './problem-details.filter';
import { requestIdMiddleware } from './request-id.middleware';

/**
 * Puts the HTTP edge on an app: request ids, the dated API version, problem details for every error,
 * and the API docs. Call
 * it after `NestFactory.create` and before `app.init()`/`listen()`: the request-id middleware must run
 * ahead of the body parser (registered at init) so that even a malformed body's problem carries the id.
 */
export function configureHttpEdge(app: INestApplication): void {
  app.use(requestIdMiddleware);
  app.use(apiVersionMiddleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  mountApiDocs(app);
}
