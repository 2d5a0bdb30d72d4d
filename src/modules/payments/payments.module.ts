import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { QuotesModule } from '../quotes/quotes.module';
import { SettlementModule } from '../settlement/settlement.module';
import { CapturePaymentHandler } from './commands/capture-payment/capture-payment.handler';
import { CreatePaymentHandler } from './commands/create-payment/create-payment.handler';
import { PaymentChange } from './commands/payment-change';
import { RefundPaymentHandler } from './commands/refund-payment/refund-payment.handler';
import { VoidPaymentHandler } from './commands/void-payment/void-payment.handler';
import { PaymentsHttpController } from './payments.http.controller';
import { GetPaymentHandler, ListPaymentsHandler, ListRefundsHandler } from './queries/payments.queries';

/** Merchant payments: create, capture, void, refund, and the reads each role is allowed. */
@Module({
  imports: [IdempotencyModule, QuotesModule, SettlementModule],
  controllers: [PaymentsHttpController],
  providers: [
    PaymentChange,
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
