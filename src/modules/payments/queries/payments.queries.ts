import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { type Page, pageOf } from '../../../adapters/http/pagination';
import type { PaymentStatus } from '../../../core/payments';
import type { Prisma } from '../../../generated/prisma/client';
import { notFound } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { paymentScope } from '../payment-access';
import { paymentRegionView, presentPayment, presentRefund } from '../payment.presenter';

export class GetPaymentQuery extends Query<Schemas['Payment']> {
  constructor(
    readonly principal: Principal,
    readonly paymentId: string,
  ) {
    super();
  }
}

@QueryHandler(GetPaymentQuery)
export class GetPaymentHandler implements IQueryHandler<GetPaymentQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, paymentId }: GetPaymentQuery) {
    const payment = await this.db.payment.findFirst({
      where: { AND: [{ id: paymentId }, paymentScope(principal)] },
      include: { region: paymentRegionView },
    });
    if (!payment) throw notFound('payment', paymentId);
    return presentPayment(payment, payment.region);
  }
}

export interface PaymentFilters {
  limit: number;
  startingAfter?: string;
  regionId?: string;
  status?: PaymentStatus;
  merchantId?: string;
  payerParticipantId?: string;
  windowId?: string;
  createdGte?: Date;
  createdLt?: Date;
}

export class ListPaymentsQuery extends Query<Page<Schemas['Payment']>> {
  constructor(
    readonly principal: Principal,
    readonly filters: PaymentFilters,
  ) {
    super();
  }
}

/** Newest first; ids are time-ordered, so the cursor is "ids below `starting_after`". */
@QueryHandler(ListPaymentsQuery)
export class ListPaymentsHandler implements IQueryHandler<ListPaymentsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, filters: f }: ListPaymentsQuery) {
    const where: Prisma.PaymentWhereInput[] = [paymentScope(principal)];
    if (f.regionId) where.push({ regionId: f.regionId });
    if (f.status) where.push({ status: f.status });
    if (f.merchantId) where.push({ merchantId: f.merchantId });
    if (f.payerParticipantId) where.push({ payerParticipantId: f.payerParticipantId });
    if (f.windowId) where.push({ windowId: f.windowId });
    if (f.createdGte) where.push({ createdAt: { gte: f.createdGte } });
    if (f.createdLt) where.push({ createdAt: { lt: f.createdLt } });
    if (f.startingAfter) where.push({ id: { lt: f.startingAfter } });
    const rows = await this.db.payment.findMany({
      where: { AND: where },
      include: { region: paymentRegionView },
      orderBy: { id: 'desc' },
      take: f.limit + 1,
    });
    return pageOf(
      rows.map((p) => presentPayment(p, p.region)),
      f.limit,
    );
  }
}

export class ListRefundsQuery extends Query<Page<Schemas['Refund']>> {
  constructor(
    readonly principal: Principal,
    readonly paymentId: string,
    readonly page: { limit: number; startingAfter?: string },
  ) {
    super();
  }
}

@QueryHandler(ListRefundsQuery)
export class ListRefundsHandler implements IQueryHandler<ListRefundsQuery> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}
  async execute({ principal, paymentId, page }: ListRefundsQuery) {
    const payment = await this.db.payment.findFirst({
      where: { AND: [{ id: paymentId }, paymentScope(principal)] },
      include: { region: { select: { settlementAsset: true } } },
    });
    if (!payment) throw notFound('payment', paymentId);
    const rows = await this.db.refund.findMany({
      where: { paymentId, ...(page.startingAfter ? { id: { lt: page.startingAfter } } : {}) },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(
      rows.map((r) => presentRefund(r, payment.payerCurrency, payment.region.settlementAsset)),
      page.limit,
    );
  }
}
