import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { openApiDocument } from '../../../src/adapters/http/openapi-document';
import { edgeApp } from './edge-app';

describe('mountApiDocs', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await edgeApp([]);
  });
  afterAll(() => app.close());

  it('serves the OpenAPI document as JSON at /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(openApiDocument());
  });

  it('serves a docs page at /docs that loads Swagger UI from this server, not a CDN', async () => {
    const res = await request(app.getHttpServer()).get('/docs');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const sources = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toMatch(/^\/docs\//);
      const asset = await request(app.getHttpServer()).get(source);
      expect(asset.status).toBe(200);
    }
  });

  it('points the docs at /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/docs/swagger-initializer.js');

    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.text).toContain("url: '/openapi.json'");
  });

  it('serves no other file of the Swagger UI package', async () => {
    const res = await request(app.getHttpServer()).get('/docs/package.json');

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });
});
