import { Controller, Get, Param, Post, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Schemas } from '../../../src/adapters/http/openapi-document';
import { ValidatedBody } from '../../../src/adapters/http/validated-body.pipe';
import { ValidatedQuery, type QueryOf } from '../../../src/adapters/http/validated-query.pipe';
import { expectMatchesSpec } from '../../support/openapi-contract';
import { edgeApp } from './edge-app';

/** Answers with what the controller received, to show what validation passed on. */
@Controller('v1')
class ValidatingController {
  @Post('quotes')
  quote(@ValidatedBody('QuoteRequest') body: Schemas['QuoteRequest']) {
    return { received: body };
  }

  @Post('payments/:payment_id/refunds')
  refund(@Param('payment_id') _id: string, @ValidatedBody('RefundRequest', { optional: true }) body: Schemas['RefundRequest']) {
    return { received: body };
  }

  @Get('payments')
  payments(@ValidatedQuery('listPayments') query: QueryOf<'listPayments'>) {
    return { received: query };
  }
}

describe('validation pipes', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await edgeApp([ValidatingController]);
  });
  afterAll(() => app.close());

  describe('ValidatedBody', () => {
    it('passes a valid body to the controller unchanged', async () => {
      const quote = { payer_participant_id: 'par_01JDA5S0R7MT', amount: '1250.00', currency: 'KES' };

      const res = await request(app.getHttpServer()).post('/v1/quotes').send(quote);

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ received: quote });
    });

    it('answers an invalid body with 422 validation_failed naming every offending field', async () => {
      const res = await request(app.getHttpServer()).post('/v1/quotes').send({ amount: 1250, currency: 'KES', merchant: 'mer_1' });

      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'validation_failed', detail: 'The request body is invalid.' });
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'payer_participant_id', reason: 'is required', code: 'missing_field' },
          { field: 'merchant', reason: 'is not allowed', code: 'unexpected_field' },
          { field: 'amount', reason: 'must be a decimal string such as "1250.50"', code: 'invalid_amount' },
        ]),
      );
      expect(res.body.errors).toHaveLength(3);
      expectMatchesSpec(res, 'POST');
    });

    it('answers a body sent without a JSON content type as not being a JSON object', async () => {
      const res = await request(app.getHttpServer()).post('/v1/quotes').set('Content-Type', 'text/plain').send('amount=10');

      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: '', reason: 'must be a JSON object', code: 'invalid_type' }]);
    });

    it('treats an absent optional body as empty', async () => {
      const res = await request(app.getHttpServer()).post('/v1/payments/pay_1/refunds');

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ received: {} });
    });
  });

  describe('ValidatedQuery', () => {
    it("converts the operation's parameters to their types and fills in defaults", async () => {
      const res = await request(app.getHttpServer()).get('/v1/payments?status=captured&created_gte=2026-11-23T00:00:00Z');

      expect(res.body).toEqual({ received: { status: 'captured', created_gte: '2026-11-23T00:00:00Z', limit: 20 } });
    });

    it('answers values outside the spec with 422 validation_failed', async () => {
      const res = await request(app.getHttpServer()).get('/v1/payments?limit=101&status=paid');

      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'validation_failed', detail: 'The query parameters are invalid.' });
      expect(res.body.errors).toEqual([
        { field: 'limit', reason: 'must be at most 100', code: 'out_of_range' },
        {
          field: 'status',
          reason: 'must be one of: "pending", "authorized", "captured", "settled", "declined", "voided", "expired", "failed"',
          code: 'invalid_value',
        },
      ]);
      expectMatchesSpec(res, 'GET');
    });

    it('answers a parameter the operation does not have, so a typo cannot silently widen a list', async () => {
      const res = await request(app.getHttpServer()).get('/v1/payments?merchantId=mer_1');

      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'merchantId', reason: 'is not allowed', code: 'unexpected_field' }]);
    });
  });
});
