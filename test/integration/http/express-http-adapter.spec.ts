import { Body, Controller, HttpCode, Post, Req, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import request from 'supertest';
import { edgeApp } from './edge-app';

@Controller()
class EchoController {
  @Post('v1/echo')
  @HttpCode(201)
  echo(@Body() body: unknown, @Req() req: Request) {
    return { body, idempotencyKey: req.get('Idempotency-Key') };
  }
}

describe('ExpressHttpAdapter', () => {
  let app: INestApplication;
  /** For each request, before Express takes it: were request and response already on the app's prototypes? */
  const built: { request: boolean; response: boolean }[] = [];
  beforeAll(async () => {
    app = await edgeApp([EchoController]);
    const express: Express = (app as NestExpressApplication).getHttpAdapter().getInstance();
    (app.getHttpServer() as Server).prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      built.push({ request: Object.getPrototypeOf(req) === express.request, response: Object.getPrototypeOf(res) === express.response });
    });
  });
  afterAll(() => app.close());

  it("builds each request and response on the Express app's own prototypes, so Express changes neither", async () => {
    built.length = 0;
    await request(app.getHttpServer()).post('/v1/echo').send({});

    expect(built).toEqual([{ request: true, response: true }]);
  });

  it("keeps Express's request and response helpers on a keyed JSON request", async () => {
    const res = await request(app.getHttpServer()).post('/v1/echo').set('Idempotency-Key', 'key-1').send({ amount: '1250.50' });

    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ body: { amount: '1250.50' }, idempotencyKey: 'key-1' });
  });
});
