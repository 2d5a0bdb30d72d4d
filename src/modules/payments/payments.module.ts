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

/**
 * Batches written at once, each on its own pooled connection. A batch spends most of its time waiting on
 * round trips, so a second in flight keeps PostgreSQL busy while the next requests gather; more make
 * batches smaller and cost more CPU per payment (docs/benchmarks.md has the runs: 2 beat 1, 3, 4 and 8).
 */
const BATCHES_IN_FLIGHT = 2;

/** Merchant payments: create, capture, void, refund, and the reads each role is allowed. */
@Module({
  imports: [IdempotencyModule, QuotesModule, SettlementModule],
  controllers: [PaymentsHttpController],
  providers: [
    PaymentChange,
    PaymentCreationBatch,
    {
      provide: PAYMENT_GROUP_COMMIT,
      useValue: { maxBatch: PAYMENTS_PER_BATCH, maxInFlight: BATCHES_IN_FLIGHT } satisfies GroupCommitOptions,
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
