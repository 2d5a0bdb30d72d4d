import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { openApiDocument } from './openapi-document';

/** The files of `swagger-ui-dist` the page loads; nothing else in that folder is served. */
const SWAGGER_UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'index.css': 'text/css',
  'swagger-ui-bundle.js': 'text/javascript',
  'swagger-ui-standalone-preset.js': 'text/javascript',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const DOCS_PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Corridor API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
    <link rel="stylesheet" type="text/css" href="/docs/index.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

// A file rather than an inline script, so the page also works under a strict Content-Security-Policy.
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/**
 * Serves the OpenAPI document at `GET /openapi.json` and browsable docs at `GET /docs`, from the
 * installed `swagger-ui-dist` (no CDN: the docs work offline). Call it before `app.init()`: routes
 * added afterwards sit behind Nest's not-found handler.
 */
export function mountApiDocs(app: INestApplication): void {
  const http = app.getHttpAdapter();
  const documentJson = JSON.stringify(openApiDocument());
  const swaggerUiDir = dirname(require.resolve('swagger-ui-dist/package.json'));

  http.get('/openapi.json', (_req: Request, res: Response) => {
    res.type('application/json').send(documentJson);
  });
  http.get('/docs', (_req: Request, res: Response) => {
    res.type('text/html').send(DOCS_PAGE);
  });
  app.use('/docs', (req: Request, res: Response, next: NextFunction) => {
    const file = req.path.slice(1);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
    } else if (file === 'swagger-initializer.js') {
      res.type('text/javascript').send(INITIALIZER);
    } else if (Object.hasOwn(SWAGGER_UI_FILES, file)) {
      res.type(SWAGGER_UI_FILES[file] ?? 'application/octet-stream').sendFile(join(swaggerUiDir, file), { maxAge: '1d' });
    } else {
      next();
    }
  });
}
