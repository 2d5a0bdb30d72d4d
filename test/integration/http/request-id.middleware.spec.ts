import { Body, Controller, Get, Post, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { edgeApp } from './edge-app';

@Controller()
class EchoController {
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Post('v1/quotes')
  quote(@Body() body: unknown) {
    return body;
  }
}

describe('requestIdMiddleware', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await edgeApp([EchoController]);
  });
  afterAll(() => app.close());

  it("echoes the caller's own X-Request-Id", async () => {
    const res = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'checkout-7f3a:2026-11-23/01');

    expect(res.headers['x-request-id']).toBe('checkout-7f3a:2026-11-23/01');
  });

  it('makes a fresh id for each request that sends none', async () => {
    const first = await request(app.getHttpServer()).get('/health');
    const second = await request(app.getHttpServer()).get('/health');

    expect(first.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(second.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it.each([
    ['unsafe characters', 'id with spaces<script>'],
    ['more than 128 characters', 'a'.repeat(129)],
  ])('replaces a caller id with %s instead of echoing it', async (_, sent) => {
    const res = await request(app.getHttpServer()).get('/health').set('X-Request-Id', sent);

    expect(res.headers['x-request-id']).toMatch(/^req_/);
  });

  it('puts the same id in the header and the problem, even for a body that could not be parsed', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/quotes')
      .set('X-Request-Id', 'support-ticket-42')
      .set('Content-Type', 'application/json')
      .send('{"amount"');

    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('support-ticket-42');
    expect(res.body.request_id).toBe('support-ticket-42');
  });
});
