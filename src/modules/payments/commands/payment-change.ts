import { Inject, Injectable } from '@nestjs/common';
import type { Payment } from '../../../generated/prisma/client';
import { notFound } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { IdempotentExecutor, type IdempotentRequest, type RecordedResponse } from '../../idempotency/idempotent-executor';
import { type Db, PRISMA, type Tx } from '../../shared/persistence';
import { paymentScope } from '../payment-access';
import { type PaymentRegionView, paymentRegionView } from '../payment.presenter';

/** What a change reads of the payment's region: what presenting needs, and its test clock (changes happen at its sandbox time). */
export type ChangeRegionView = PaymentRegionView & { clockOffsetMs: bigint };

/**
 * The common frame of a change to an existing payment (capture, void, refund): one transaction that
 * row-locks the payment, so concurrent changes to one payment queue up instead of racing; idempotent
 * when the caller sends a key.
 */
@Injectable()
export class PaymentChange {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly idempotency: IdempotentExecutor,
  ) {}

  async run<T>(
    principal: Principal,
    paymentId: string,
    idempotency: IdempotentRequest | undefined,
    status: number,
    change: (tx: Tx, payment: Payment & { region: ChangeRegionView }) => Promise<T>,
  ): Promise<RecordedResponse<T>> {
    const work = async (tx: Tx) => {
      await tx.$queryRaw`SELECT id FROM payments WHERE id = ${paymentId} FOR UPDATE`;
      const payment = await tx.payment.findFirst({
        where: { AND: [{ id: paymentId }, paymentScope(principal)] },
        include: { region: { select: { ...paymentRegionView.select, clockOffsetMs: true } } },
      });
      if (!payment) throw notFound('payment', paymentId);
      return change(tx, payment);
    };
    if (idempotency) return this.idempotency.run(idempotency, status, work);
    return { status, body: await this.db.$transaction(work), replayed: false };
  }
}
