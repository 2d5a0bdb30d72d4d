import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { pacs002, pacs008, type Payment as IsoPayment } from '../../../adapters/iso20022';
import { notFound } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { paymentScope } from '../../payments/payment-access';
import { type Db, PRISMA } from '../../shared/persistence';
import { decimal, isoCentralBank, isoInstitution, isoRegion, isoWindow } from '../iso20022-data';

export type PaymentMessage = 'pacs.008' | 'pacs.002';

/** A payment as an ISO 20022 message: its customer credit transfer (pacs.008) or its status report (pacs.002). */
export class ExportPaymentMessageQuery extends Query<string> {
  constructor(
    readonly principal: Principal,
    readonly paymentId: string,
    readonly message: PaymentMessage,
  ) {
    super();
  }
}

@QueryHandler(ExportPaymentMessageQuery)
export class ExportPaymentMessageHandler implements IQueryHandler<ExportPaymentMessageQuery, string> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, paymentId, message }: ExportPaymentMessageQuery): Promise<string> {
    const row = await this.db.payment.findFirst({
      where: { AND: [{ id: paymentId }, paymentScope(principal)] },
      include: { region: true, window: true },
    });
    if (!row) throw notFound('payment', paymentId);
    const [merchant, payer, merchantBank, payerBank] = await Promise.all([
      this.db.merchant.findUniqueOrThrow({ where: { id: row.merchantId }, include: { participant: true } }),
      this.db.participant.findUniqueOrThrow({ where: { id: row.payerParticipantId } }),
      this.db.centralBank.findUniqueOrThrow({ where: { id: row.merchantCentralBankId } }),
      this.db.centralBank.findUniqueOrThrow({ where: { id: row.payerCentralBankId } }),
    ]);
    const captured = decimal(row.amountCaptured);
    const payment: IsoPayment = {
      region: isoRegion(row.region),
      id: row.id,
      status: row.status,
      reference: row.reference,
      // What moves is what was captured; before capture, what was authorized.
      amount: captured.isZero() ? decimal(row.amount) : captured,
      currency: row.currency,
      payerPrincipal: decimal(row.payerPrincipal),
      fee: decimal(row.fee),
      payerCurrency: row.payerCurrency,
      settlementAmount: decimal(row.settlementAmount),
      failure: row.failureCode ? { code: row.failureCode, reason: row.failureReason ?? '' } : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      capturedAt: row.capturedAt,
      settledAt: row.settledAt,
      window: row.window ? isoWindow(row.window) : null,
      payer: { participant: isoInstitution(payer, payerBank.country), centralBank: isoCentralBank(payerBank) },
      merchant: {
        code: merchant.code,
        name: merchant.name,
        participant: isoInstitution(merchant.participant, merchantBank.country),
        centralBank: isoCentralBank(merchantBank),
      },
    };
    return message === 'pacs.008' ? pacs008(payment) : pacs002(payment);
  }
}
