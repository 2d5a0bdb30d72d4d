import { Body, Controller, Get, HttpCode, Logger, Param, Post, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { JSON_BODY_LIMIT_BYTES } from '../../../src/adapters/http/json-body.middleware';
import { ProblemError } from '../../../src/adapters/http/problem';
import { DomainError } from '../../../src/core/errors';
import { expectMatchesSpec } from '../../support/openapi-contract';
import { edgeApp } from './edge-app';

@Controller()
class FailingController {
  @Post('v1/quotes')
  quote(@Body() _body: unknown) {
    throw new DomainError('amount_precision_exceeded', 'KES amounts have at most 2 decimals.', 'amount');
  }

  @Post('v1/regions')
  @HttpCode(201)
  region(@Body() _body: unknown) {
    return {};
  }

  @Get('v1/ledger/verify')
  verify() {
    throw ProblemError.forbidden('Only the operator may verify the ledger.');
  }

  @Get('v1/payments/:payment_id')
  payment() {
    throw new Error('connection to 10.0.0.7:5432 refused');
  }

  @Get('domain-errors/:code')
  domainError(@Param('code') code: string) {
    throw new DomainError(code, `Broke ${code}.`);
  }
}

describe('ProblemDetailsFilter', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await edgeApp([FailingController]);
  });
  afterAll(() => app.close());

  it('answers a body that is not JSON with 400 malformed_json', async () => {
    const res = await request(app.getHttpServer()).post('/v1/quotes').set('Content-Type', 'application/json').send('{"amount": ');

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      type: 'https://corridor.dev/problems/malformed-json',
      title: 'Malformed JSON',
      status: 400,
      code: 'malformed_json',
      instance: '/v1/quotes',
    });
    expectMatchesSpec(res, 'POST');
  });

  it('answers a broken business rule with its code, status and offending field', async () => {
    const res = await request(app.getHttpServer()).post('/v1/quotes').send({ amount: '10.001' });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      type: 'https://corridor.dev/problems/amount-precision-exceeded',
      code: 'amount_precision_exceeded',
      detail: 'KES amounts have at most 2 decimals.',
      errors: [{ field: 'amount', reason: 'KES amounts have at most 2 decimals.', code: 'amount_precision_exceeded' }],
    });
    expectMatchesSpec(res, 'POST');
  });

  it.each([
    ['reference_not_found', 404],
    ['region_conflict', 409],
    ['idempotency_key_conflict', 409],
    ['invalid_payment_state', 409],
    ['invalid_window_transition', 409],
    ['window_not_open', 409],
    ['window_not_closed', 409],
    ['quote_expired', 422],
    ['refund_exceeds_captured', 422],
    ['a_rule_added_later', 422],
  ])('answers the domain error %s with status %i', async (code, status) => {
    const res = await request(app.getHttpServer()).get(`/domain-errors/${code}`);

    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code, status, detail: `Broke ${code}.` });
    expect(res.body).not.toHaveProperty('errors');
  });

  it('answers an application error with its own status and code', async () => {
    const res = await request(app.getHttpServer()).get('/v1/ledger/verify');

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'forbidden', title: 'Forbidden', detail: 'Only the operator may verify the ledger.' });
    expectMatchesSpec(res, 'GET');
  });

  it('answers an unknown route with 404 not_found', async () => {
    const res = await request(app.getHttpServer()).get('/v1/nothing-here?x=1');

    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'not_found', status: 404, instance: '/v1/nothing-here' });
  });

  it('answers a body over the size limit with 413 payload_too_large', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/regions')
      .send({ name: 'x'.repeat(JSON_BODY_LIMIT_BYTES) });

    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'payload_too_large' });
    expectMatchesSpec(res, 'POST');
  });

  it('answers an unexpected error with 500 internal_error, logging it and keeping its details private', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const res = await request(app.getHttpServer()).get('/v1/payments/pay_1');

      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({
        code: 'internal_error',
        detail: 'An unexpected error occurred; quote the request id when reporting it.',
      });
      expect(res.text).not.toContain('10.0.0.7');
      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining(res.body.request_id),
        expect.stringContaining('connection to 10.0.0.7:5432 refused'),
      );
      expectMatchesSpec(res, 'GET');
    } finally {
      logged.mockRestore();
    }
  });
});
