import { Controller, Get, HttpCode, Param, Res, type INestApplication } from '@nestjs/common';
import type { Response } from 'express';
import request from 'supertest';
import type { Schemas } from '../../../src/adapters/http/openapi-document';
import { expectMatchesSpec } from '../../support/openapi-contract';
import { edgeApp } from './edge-app';

const payment: Schemas['Payment'] = {
  id: 'pay_01JDA6X3Q7S5',
  region_id: 'reg_01JDA5S0R3M8',
  merchant_id: 'mer_01JDA5S0R8DK',
  payer_participant_id: 'par_01JDA5S0R7MT',
  quote_id: null,
  status: 'captured',
  capture_method: 'automatic',
  amount: '1250.00',
  currency: 'KES',
  payer_amount: '35840',
  payer_currency: 'UGX',
  payer_principal: '35804',
  fee: '36',
  settlement_amount: '9.65',
  settlement_asset: 'USD',
  rate: '28.64285714',
  fx_provider: null,
  amount_captured: '1250.00',
  amount_refunded: '0.00',
  reference: null,
  failure: null,
  window_id: 'win_01JDA5S0R9W1',
  created_at: '2026-11-23T10:01:12Z',
  updated_at: '2026-11-23T10:01:12Z',
  captured_at: '2026-11-23T10:01:12Z',
  authorization_expires_at: null,
  settled_at: null,
};

const centralBank: Schemas['CentralBank'] = {
  id: 'cb_01JDA5S0R4KE',
  region_id: 'reg_01JDA5S0R3M8',
  code: 'CBK',
  name: 'Central Bank of Kenya',
  country: 'KE',
  currency: 'KES',
  prefunded_balance: '2000000.00',
  net_debit_cap: '500000.00',
  settlement_asset: 'USD',
  created_at: '2026-11-23T09:00:00Z',
};

@Controller('v1')
class ContractTestController {
  @Get('payments/:payment_id')
  payment(@Param('payment_id') id: string) {
    if (id === 'pay_leaky') return { ...payment, amount: 1250, internal_note: 'from the database row' };
    return payment;
  }

  @Get('payments/:payment_id/refunds')
  refunds() {
    return { data: [], has_more: false, next_cursor: null };
  }

  @Get('regions/:region_id')
  @HttpCode(409)
  region() {
    return { status: 'busy' };
  }

  @Get('quotes/:quote_id')
  quote(@Res() res: Response) {
    res.status(404).json({ message: 'not here' });
  }

  @Get('central-banks/:central_bank_id')
  centralBank(@Res() res: Response) {
    res.removeHeader('X-Request-Id');
    res.json(centralBank);
  }

  @Get('unlisted')
  unlisted() {
    return {};
  }
}

describe('expectMatchesSpec', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await edgeApp([ContractTestController]);
  });
  afterAll(() => app.close());

  it('accepts a documented response whose body matches its schema', async () => {
    const res = await request(app.getHttpServer()).get('/v1/payments/pay_01JDA6X3Q7S5');

    expect(() => expectMatchesSpec(res, 'GET', '/v1/payments/{payment_id}')).not.toThrow();
  });

  it('finds the operation from the request path when no template is given', async () => {
    const res = await request(app.getHttpServer()).get('/v1/payments/pay_01JDA6X3Q7S5/refunds');

    expect(() => expectMatchesSpec(res, 'GET')).not.toThrow();
  });

  it('lists every mismatch of the body, including fields the spec does not document', async () => {
    const res = await request(app.getHttpServer()).get('/v1/payments/pay_leaky');

    expect(() => expectMatchesSpec(res, 'GET')).toThrow('body.amount must be a decimal string');
    expect(() => expectMatchesSpec(res, 'GET')).toThrow('body.internal_note is not allowed');
  });

  it('rejects a status the operation does not document', async () => {
    const res = await request(app.getHttpServer()).get('/v1/regions/reg_1');

    expect(() => expectMatchesSpec(res, 'GET')).toThrow('status 409 is not documented for getRegion');
  });

  it('rejects an error that is not application/problem+json', async () => {
    const res = await request(app.getHttpServer()).get('/v1/quotes/quo_1');

    expect(() => expectMatchesSpec(res, 'GET')).toThrow('an error must be application/problem+json, not application/json');
  });

  it('rejects a response without the X-Request-Id header every response documents', async () => {
    const res = await request(app.getHttpServer()).get('/v1/central-banks/cb_01JDA5S0R4KE');

    expect(() => expectMatchesSpec(res, 'GET')).toThrow('header X-Request-Id is missing');
  });

  it('rejects a path the spec does not have', async () => {
    const res = await request(app.getHttpServer()).get('/v1/unlisted');

    expect(() => expectMatchesSpec(res, 'GET')).toThrow('no path in the spec matches /v1/unlisted');
  });

  it('rejects a method the path does not have', async () => {
    const res = await request(app.getHttpServer()).get('/v1/payments/pay_01JDA6X3Q7S5/capture');

    expect(() => expectMatchesSpec(res, 'GET')).toThrow('the spec has no operation GET /v1/payments/{payment_id}/capture');
  });
});
