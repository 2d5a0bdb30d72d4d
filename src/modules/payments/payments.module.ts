import { Module } from '@nestjs/common';
import type { GroupCommitOptions } from '../shared/group-commit';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { QuotesModule } from '../quotes/quotes.module';
import { SettlementModule } from '../settlement/settlement.module';
import { CapturePaymentHandler } from './commands/capture-payment/capture-payment.handler';
import { CreatePaymentHandler, PAYMENT_GROUP_COMMIT } from './commands/create-payment/create-payment.handler';
import { PaymentCreationBatch } from './commands/create-payment/payment-creation-batch';
import { PaymentChange } from './commands/payment-change';
import { RefundPaymentHandler } from './commands/refund-payment/refund-payment.handler';
import { VoidPaymentHandler } from './commands/void-payment/void-payment.handler';
import { PaymentsHttpController } from './payments.http.controller';
import { GetPaymentHandler, ListPaymentsHandler, ListRefundsHandler } from './queries/payments.queries';

/**
 * Most payments one transaction writes: big enough that a busy service writes a few statements per
 * dozens of payments, small enough that one batch's statements stay quick to plan and send.
 */
const PAYMENTS_PER_BATCH = 64;

/** Merchant payments: create, capture, void, refund, and the reads each role is allowed. */
@Module({
  imports: [IdempotencyModule, QuotesModule, SettlementModule],
  controllers: [PaymentsHttpController],
  providers: [
    PaymentChange,
    PaymentCreationBatch,
    {
      provide: PAYMENT_GROUP_COMMIT,
      // One batch in flight per process: what arrives meanwhile makes the next batch bigger, which costs
      // less CPU per payment than two smaller batches would (measured); several API processes add parallelism.
      useValue: { maxBatch: PAYMENTS_PER_BATCH, maxInFlight: 1 } satisfies GroupCommitOptions,
    },
    CreatePaymentHandler,
    CapturePaymentHandler,
    VoidPaymentHandler,
    RefundPaymentHandler,
    GetPaymentHandler,
    ListPaymentsHandler,
    ListRefundsHandler,
  ],
})
export class PaymentsModule {}
