import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { Schemas } from '../../adapters/http/openapi-document';
import { ValidatedBody } from '../../adapters/http/validated-body.pipe';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { checkIdempotencyKey } from '../idempotency/idempotent-executor';
import { answer, idempotentRequest, optionalIdempotency } from '../idempotency/idempotent-http';
import { CapturePaymentCommand } from './commands/capture-payment/capture-payment.command';
import { CreatePaymentCommand } from './commands/create-payment/create-payment.command';
import { RefundPaymentCommand } from './commands/refund-payment/refund-payment.command';
import { VoidPaymentCommand } from './commands/void-payment/void-payment.command';
import { GetPaymentQuery, ListPaymentsQuery, ListRefundsQuery } from './queries/payments.queries';
import { pageParams } from '../../adapters/http/pagination';

@Controller('v1/payments')
export class PaymentsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  async create(
    @CurrentPrincipal() principal: Principal,
    @ValidatedBody('PaymentRequest') body: Schemas['PaymentRequest'],
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = idempotentRequest(principal, req, checkIdempotencyKey(key, true)!);
    return answer(res, await this.commands.execute(new CreatePaymentCommand(principal, body, idempotency)));
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listPayments') query: QueryOf<'listPayments'>) {
    return this.queries.execute(
      new ListPaymentsQuery(principal, {
        ...pageParams(query),
        regionId: query.region_id,
        status: query.status,
        merchantId: query.merchant_id,
        payerParticipantId: query.payer_participant_id,
        windowId: query.window_id,
        createdGte: query.created_gte ? new Date(query.created_gte) : undefined,
        createdLt: query.created_lt ? new Date(query.created_lt) : undefined,
      }),
    );
  }

  @Get(':payment_id')
  get(@CurrentPrincipal() principal: Principal, @Param('payment_id') paymentId: string) {
    return this.queries.execute(new GetPaymentQuery(principal, paymentId));
  }

  @Post(':payment_id/capture')
  @HttpCode(200)
  async capture(
    @CurrentPrincipal() principal: Principal,
    @Param('payment_id') paymentId: string,
    @ValidatedBody('CaptureRequest', { optional: true }) body: Schemas['CaptureRequest'] | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = optionalIdempotency(principal, req, key);
    return answer(res, await this.commands.execute(new CapturePaymentCommand(principal, paymentId, body?.amount, idempotency)));
  }

  @Post(':payment_id/void')
  @HttpCode(200)
  async void(
    @CurrentPrincipal() principal: Principal,
    @Param('payment_id') paymentId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = optionalIdempotency(principal, req, key);
    return answer(res, await this.commands.execute(new VoidPaymentCommand(principal, paymentId, idempotency)));
  }

  @Post(':payment_id/refunds')
  async refund(
    @CurrentPrincipal() principal: Principal,
    @Param('payment_id') paymentId: string,
    @ValidatedBody('RefundRequest', { optional: true }) body: Schemas['RefundRequest'] | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = idempotentRequest(principal, req, checkIdempotencyKey(key, true)!);
    return answer(res, await this.commands.execute(new RefundPaymentCommand(principal, paymentId, body ?? {}, idempotency)));
  }

  @Get(':payment_id/refunds')
  refunds(
    @CurrentPrincipal() principal: Principal,
    @Param('payment_id') paymentId: string,
    @ValidatedQuery('listRefunds') query: QueryOf<'listRefunds'>,
  ) {
    return this.queries.execute(new ListRefundsQuery(principal, paymentId, pageParams(query)));
  }
}
