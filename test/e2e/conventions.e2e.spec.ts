import request from 'supertest';
import { API_VERSION } from '../../src/adapters/http/api-version.middleware';
import { expectMatchesSpec } from '../support/openapi-contract';
import { expectProblem } from '../support/problems';
import { startTestApp, type TestApp } from '../support/test-app';

/** What every response carries, and what protects the sandbox from a runaway client. */
describe('API conventions (embedded)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('embedded', { rateLimitPerSecond: 5 });
  });
  afterAll(() => t.close());

  it('answers every response, errors included, with the dated API version and a request id', async () => {
    const ok = await t.api.get('/v1/regions', t.operatorKey);
    expect(ok.headers['corridor-version']).toBe(API_VERSION);
    expect(ok.headers['x-request-id']).toMatch(/^req_/);
    const missing = await t.api.get('/v1/payments/pay_missing', t.operatorKey);
    expect(missing.headers['corridor-version']).toBe(API_VERSION);
  });

  it('names neither its framework nor an entity tag it would not honour', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers.etag).toBeUndefined();
  });

  it('echoes a caller’s request id', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').set('X-Request-Id', 'order-42-attempt-1');
    expect(res.headers['x-request-id']).toBe('order-42-attempt-1');
  });

  it('refuses a request pinned to an API version this server does not speak', async () => {
    const res = await request(t.app.getHttpServer())
      .get('/v1/regions')
      .set('Authorization', `Bearer ${t.operatorKey}`)
      .set('Corridor-Version', '2020-01-01');
    expectMatchesSpec(res, 'GET');
    expectProblem(res, 400, 'unsupported_api_version', 'Corridor-Version');
  });

  it('limits each key to its requests per second, with 429 and Retry-After past the limit', async () => {
    const server = t.app.getHttpServer();
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => request(server).get('/v1/regions').set('Authorization', `Bearer ${t.operatorKey}`)),
    );
    const limited = burst.filter((res) => res.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(burst.filter((res) => res.status === 200).length).toBeLessThanOrEqual(5);
    const first = limited[0]!;
    expectMatchesSpec(first, 'GET');
    expectProblem(first, 429, 'too_many_requests');
    expect(Number(first.headers['retry-after'])).toBeGreaterThan(0);
    // Another key has its own budget.
    const other = await request(server).get('/v1/regions').set('Authorization', 'Bearer sk_someone_else_entirely');
    expect(other.status).toBe(401);
  });
});
