import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../core/errors';
import { type NetPosition } from '../../../../core/netting';
import {
  type PlannedObligation,
  planSettlement,
  type SettlementPlan,
  assertWindowTransition,
  type WindowStatus,
} from '../../../../core/settlement';
import { Decimal, roundToScale } from '../../../../core/money';
import type { SettlementWindow } from '../../../../generated/prisma/client';
import { JournalWriter } from '../../../ledger/journal.writer';
import { type Db, PRISMA, type Tx } from '../../../shared/persistence';
import { toDecimal } from '../../../shared/wire-format';
import { WindowSettledEvent } from '../../events/window-settled.event';
import { WindowOpener } from '../../window-opener';
import { RATIO_SCALE } from '../../window.presenter';
import { CloseWindowCommand } from './close-window.command';

/** Enough steps to walk from `open` to `settled`; a loop that needs more is a bug, not a slow window. */
const MAX_STEPS = 5;

@CommandHandler(CloseWindowCommand)
export class CloseWindowHandler implements ICommandHandler<CloseWindowCommand, SettlementWindow> {
  private readonly logger = new Logger(CloseWindowHandler.name);

  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly journal: JournalWriter,
    private readonly windows: WindowOpener,
    private readonly events: EventBus,
  ) {}

  async execute({ windowId }: CloseWindowCommand): Promise<SettlementWindow> {
    const first = await this.db.settlementWindow.findUnique({ where: { id: windowId } });
    if (!first) throw new DomainError('not_found', `No settlement window ${windowId}.`);
    if (first.status === 'settled' || first.status === 'failed') {
      throw new DomainError('window_not_open', `Window ${first.number} is already ${first.status}.`);
    }
    for (let step = 0; step < MAX_STEPS; step += 1) {
      const window = await this.db.$transaction((tx) => this.advance(tx, windowId));
      if (window.status === 'settled' || window.status === 'failed') {
        if (window.status === 'settled') {
          this.events.publish(new WindowSettledEvent(window.regionId, window.id, window.unwoundReferences));
        }
        return window;
      }
    }
    throw new Error(`Window ${windowId} did not reach a final state in ${MAX_STEPS} steps`);
  }

  /** Takes the one step the window's current state calls for, under the window's row lock. */
  private async advance(tx: Tx, windowId: string): Promise<SettlementWindow> {
    await tx.$queryRaw`SELECT id FROM settlement_windows WHERE id = ${windowId} FOR UPDATE`;
    const window = await tx.settlementWindow.findUniqueOrThrow({ where: { id: windowId } });
    switch (window.status) {
      case 'open':
        return this.startClosing(tx, window);
      case 'closing':
        return this.computePositions(tx, window);
      case 'closed':
        return this.transition(tx, window, 'settling', {});
      case 'settling':
        return this.settle(tx, window);
      case 'settled':
      case 'failed':
        return window;
    }
  }

  private transition(tx: Tx, window: SettlementWindow, to: WindowStatus, data: Parameters<Tx['settlementWindow']['update']>[0]['data']) {
    assertWindowTransition(window.status, to);
    return tx.settlementWindow.update({ where: { id: window.id }, data: { ...data, status: to } });
  }

  /** Stop taking obligations and open the next window, atomically: every capture lands in exactly one. */
  private async startClosing(tx: Tx, window: SettlementWindow): Promise<SettlementWindow> {
    const now = new Date();
    const closing = await this.transition(tx, window, 'closing', { closedAt: now });
    await this.windows.open(tx, window.regionId, window.number + 1, now);
    return closing;
  }

  /** Net the window, apply the shortfall policy, and record positions and what was unwound. */
  private async computePositions(tx: Tx, window: SettlementWindow): Promise<SettlementWindow> {
    const plan = await this.plan(tx, window);
    const unwound = plan.unwoundReferences;
    if (unwound.length > 0) {
      await this.unwind(tx, window, plan);
    }
    const positionRows = [
      ...plan.regionalPositions.map((p) => positionRow(window.id, 'regional', p)),
      ...plan.domesticPositions.map((p) => positionRow(window.id, 'domestic', p)),
    ];
    await tx.netPosition.createMany({ data: positionRows });
    const regional = plan.regionalMetrics[0];
    return this.transition(tx, window, 'closed', {
      grossValue: (regional?.gross ?? new Decimal(0)).toFixed(),
      multilateralNet: (regional?.multilateralNet ?? new Decimal(0)).toFixed(),
      nettingEfficiency: roundToScale(regional?.nettingEfficiency ?? new Decimal(0), RATIO_SCALE).toFixed(),
      unwoundReferences: unwound,
    });
  }

  private async unwind(tx: Tx, window: SettlementWindow, plan: SettlementPlan): Promise<void> {
    const unwound = plan.unwoundReferences;
    const reason = plan.rounds
      .map((r) => `${r.debtor} owed ${r.netDebit.toFixed()} ${r.currency} with ${r.available.toFixed()} available`)
      .join('; ');
    await tx.obligation.updateMany({ where: { windowId: window.id, reference: { in: unwound } }, data: { status: 'unwound' } });
    await tx.payment.updateMany({
      where: { id: { in: unwound }, status: 'captured' },
      data: {
        status: 'failed',
        failureCode: 'settlement_unwound',
        failureReason: `Unwound at the close of window ${window.number}: ${reason}`,
      },
    });
    // A refund fails with its window; the payment's refundable amount comes back.
    const refunds = await tx.refund.findMany({
      where: { OR: [{ id: { in: unwound } }, { paymentId: { in: unwound }, windowId: window.id }], status: 'pending' },
    });
    for (const refund of refunds) {
      await tx.refund.update({ where: { id: refund.id }, data: { status: 'failed' } });
      await tx.payment.update({ where: { id: refund.paymentId }, data: { amountRefunded: { decrement: refund.amount } } });
    }
  }

  /** Post the settlement to the ledger and move every balance, payment and refund to its final state. */
  private async settle(tx: Tx, window: SettlementWindow): Promise<SettlementWindow> {
    const plan = await this.plan(tx, window);
    if (plan.unwoundReferences.length > 0) {
      // Balances only change here, after the close checked them: a new shortfall means state was altered underneath.
      throw new Error(`Window ${window.id} no longer settles as closed: ${plan.unwoundReferences.join(', ')}`);
    }
    await this.journal.append(tx, plan.journal);
    for (const position of plan.regionalPositions) {
      await tx.centralBank.update({ where: { id: position.party }, data: { prefundedBalance: { increment: position.net.toFixed() } } });
    }
    const now = new Date();
    await tx.obligation.updateMany({ where: { windowId: window.id, status: 'pending' }, data: { status: 'settled' } });
    await tx.payment.updateMany({ where: { windowId: window.id, status: 'captured' }, data: { status: 'settled', settledAt: now } });
    await tx.refund.updateMany({ where: { windowId: window.id, status: 'pending' }, data: { status: 'settled', settledAt: now } });
    this.logger.log(`Window ${window.number} of ${window.regionId} settled: ${plan.settledReferences.length} payments and refunds`);
    return this.transition(tx, window, 'settled', { settledAt: now });
  }

  /** The pure settlement plan for the window's obligations that are still pending. */
  private async plan(tx: Tx, window: SettlementWindow): Promise<SettlementPlan> {
    const region = await tx.region.findUniqueOrThrow({ where: { id: window.regionId } });
    const banks = await tx.centralBank.findMany({ where: { regionId: window.regionId } });
    const obligations = await tx.obligation.findMany({ where: { windowId: window.id, status: 'pending' }, orderBy: { id: 'asc' } });
    // A refund of a payment captured in this same window settles or unwinds together with that payment.
    const refundsOfWindowPayments = new Map(
      (
        await tx.refund.findMany({
          where: { windowId: window.id, payment: { windowId: window.id } },
          select: { id: true, paymentId: true },
        })
      ).map((r) => [r.id, r.paymentId]),
    );
    const planned: PlannedObligation[] = obligations.map((o) => ({
      id: o.id,
      reference: refundsOfWindowPayments.get(o.reference) ?? o.reference,
      tier: o.tier,
      debtor: o.debtorId,
      debtorKind: o.debtorKind,
      creditor: o.creditorId,
      creditorKind: o.creditorKind,
      currency: o.currency,
      amount: toDecimal(o.amount),
    }));
    const plan = planSettlement({
      regionId: region.id,
      windowId: window.id,
      settlementAsset: region.settlementAsset,
      obligations: planned,
      liquidity: banks.map((bank) => {
        const balance = toDecimal(bank.prefundedBalance);
        const cap = toDecimal(bank.netDebitCap);
        return { party: bank.id, currency: region.settlementAsset, available: Decimal.min(balance, cap) };
      }),
      occurredAt: window.closedAt ?? new Date(),
    });
    // Refunds grouped under their payment unwind with it: report them by their own id too.
    const unwoundRefunds = [...refundsOfWindowPayments]
      .filter(([, paymentId]) => plan.unwoundReferences.includes(paymentId))
      .map(([id]) => id);
    return { ...plan, unwoundReferences: [...plan.unwoundReferences, ...unwoundRefunds] };
  }
}

function positionRow(windowId: string, tier: 'regional' | 'domestic', position: NetPosition) {
  return {
    windowId,
    tier,
    partyKind: position.party.startsWith('par_') ? ('participant' as const) : ('central_bank' as const),
    partyId: position.party,
    currency: position.currency,
    sent: position.sent.toFixed(),
    received: position.received.toFixed(),
    net: position.net.toFixed(),
  };
}
