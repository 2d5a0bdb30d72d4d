import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../core/errors';
import { multilateralNetPositions, type NetPosition } from '../../../../core/netting';
import {
  decideWindowSettlement,
  type PlannedObligation,
  planSettlement,
  type SettlementPlan,
  assertWindowTransition,
  type WindowStatus,
} from '../../../../core/settlement';
import { Decimal, formatAmount, roundToScale } from '../../../../core/money';
import { sandboxNow } from '../../../../core/time';
import type { CentralBank, Payment, Refund, SettlementWindow } from '../../../../generated/prisma/client';
import { EventOutbox, type EventType, type NewEvent } from '../../../events/event-outbox';
import { type PaymentRegionView, paymentRegionView, presentPayment, presentRefund } from '../../../payments/payment.presenter';
import { windowSettlementModel } from '../../../regions/settlement-model';
import { FORCED_FAILURES } from '../../../shared/forced-failures';
import { JournalWriter } from '../../../ledger/journal.writer';
import { SettlementLiquidity } from '../../../liquidity/settlement-liquidity';
import { type Db, PRISMA, type Tx } from '../../../shared/persistence';
import { regionNow } from '../../../shared/region-time';
import { toDecimal } from '../../../shared/wire-format';
import { WindowSettledEvent } from '../../events/window-settled.event';
import { WindowOpener } from '../../window-opener';
import { SettlementCrashHook } from '../../settlement-crash-hook';
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
    private readonly outbox: EventOutbox,
    private readonly crashHook: SettlementCrashHook,
    private readonly liquidity: SettlementLiquidity,
  ) {}

  async execute({ windowId }: CloseWindowCommand): Promise<SettlementWindow> {
    const first = await this.db.settlementWindow.findUnique({ where: { id: windowId } });
    if (!first) throw new DomainError('not_found', `No settlement window ${windowId}.`);
    if (first.status === 'settled' || first.status === 'failed') {
      throw new DomainError('window_not_open', `Window ${first.number} is already ${first.status}.`);
    }
    for (let step = 0; step < MAX_STEPS; step += 1) {
      const window = await this.db.$transaction((tx) => this.advance(tx, windowId));
      this.crashHook.afterCommit(window.status);
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
    const next = await this.step(tx, window);
    if (next.status !== window.status) this.crashHook.beforeCommit(next.status);
    return next;
  }

  private step(tx: Tx, window: SettlementWindow): Promise<SettlementWindow> {
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
        return Promise.resolve(window);
    }
  }

  private transition(tx: Tx, window: SettlementWindow, to: WindowStatus, data: Parameters<Tx['settlementWindow']['update']>[0]['data']) {
    assertWindowTransition(window.status, to);
    return tx.settlementWindow.update({ where: { id: window.id }, data: { ...data, status: to } });
  }

  /** Stop taking obligations and open the next window, atomically: every capture lands in exactly one. */
  private async startClosing(tx: Tx, window: SettlementWindow): Promise<SettlementWindow> {
    const now = await regionNow(tx, window.regionId);
    const closing = await this.transition(tx, window, 'closing', { closedAt: now });
    await this.windows.open(tx, window.regionId, window.number + 1, now);
    return closing;
  }

  /**
   * Decide with the region's settlement model what settles in this window (the netting laboratory's
   * engine), unwind or carry over the rest, then net what settles and store its positions.
   */
  private async computePositions(tx: Tx, window: SettlementWindow): Promise<SettlementWindow> {
    const { region, banks, obligations, refundsOfPayments } = await this.load(tx, window);
    const closedAt = window.closedAt ?? sandboxNow(region.clockOffsetMs);
    const forced = await this.unwindForcedByTestReference(tx, window, refundsOfPayments);
    const open = obligations.filter((o) => !forced.includes(o.reference));
    // Balances, credit lines and caps, with the region's injected faults applied (src/modules/liquidity).
    const faults = await this.liquidity.atClose(tx, window, banks, open);
    const decision = decideWindowSettlement({
      settlementAsset: region.settlementAsset,
      // The model the window opened under: a change made while it was open applies from the next one.
      model: windowSettlementModel(window, region),
      obligations: open.filter((o) => o.tier === 'regional' && !faults.suspended.has(o.reference)),
      liquidity: faults.liquidity,
      openedAt: window.openedAt,
      closedAt,
    });
    // A suspended party's payments leave the window as the shortfall policy says, like those the rule could not settle.
    const notSettled = [...new Set([...decision.unsettledReferences, ...faults.suspended.keys()])];
    const attribution = this.liquidity.attribute(window, faults, notSettled, open);
    // Refunds grouped under their payment leave with it, and are reported by their own id too.
    const groupedRefunds = [...refundsOfPayments].filter(([, paymentId]) => notSettled.includes(paymentId)).map(([id]) => id);
    const unsettled = [...notSettled, ...groupedRefunds];
    if (unsettled.length > 0) {
      if (decision.outcome === 'unwound') {
        await this.unwind(
          tx,
          window,
          unsettled,
          new Map([
            ...this.unwindReasons(window, decision.ruleLabel, region.settlementAsset, banks, obligations, faults.liquidity),
            ...[...attribution].map(([reference, { reason }]) => [reference, reason] as const),
          ]),
        );
      } else {
        await this.carryOver(tx, window, unsettled);
      }
    }

    const plan = await this.plan(tx, window);
    if (plan.unwoundReferences.length > 0) {
      throw new Error(
        `Window ${window.id}: the engine settled references its positions cannot cover: ${plan.unwoundReferences.join(', ')}`,
      );
    }
    const positionRows = [
      ...plan.regionalPositions.map((p) => positionRow(window.id, 'regional', p)),
      ...plan.domesticPositions.map((p) => positionRow(window.id, 'domestic', p)),
    ];
    await tx.netPosition.createMany({ data: positionRows });
    await this.liquidity.afterClose(tx, window, faults, attribution, decision.outcome, region.settlementAsset);
    const regional = plan.regionalMetrics[0];
    return this.transition(tx, window, 'closed', {
      settlementRule: decision.ruleLabel,
      grossValue: (regional?.gross ?? new Decimal(0)).toFixed(),
      multilateralNet: (regional?.multilateralNet ?? new Decimal(0)).toFixed(),
      nettingEfficiency: roundToScale(regional?.nettingEfficiency ?? new Decimal(0), RATIO_SCALE).toFixed(),
      unwoundReferences: [...forced, ...(decision.outcome === 'unwound' ? unsettled : [])],
      carriedOverReferences: decision.outcome === 'carried-over' ? unsettled : [],
    });
  }

  /**
   * Why each unwound payment failed, in the words of its central bank's position: what it owed net in
   * the window (before anything was unwound) against what it could pay.
   */
  private unwindReasons(
    window: SettlementWindow,
    ruleLabel: string,
    asset: string,
    banks: CentralBank[],
    obligations: PlannedObligation[],
    liquidity: readonly { party: string; balance: Decimal; netDebitCap: Decimal }[],
  ): Map<string, string> {
    // What the rule saw: balance less reserved withdrawals plus credit (0 under a member default), and the cap.
    const liquidityOf = new Map(liquidity.map((l) => [l.party, Decimal.min(l.balance, l.netDebitCap)]));
    const regional = obligations.filter((o) => o.tier === 'regional');
    const net = new Map(multilateralNetPositions(regional).map((p) => [p.party, p.net]));
    const bankById = new Map(banks.map((b) => [b.id, b]));
    const reasons = new Map<string, string>();
    for (const o of regional) {
      const bank = bankById.get(o.debtor);
      if (!bank || reasons.has(o.reference)) continue;
      const owed = (net.get(bank.id) ?? new Decimal(0)).neg();
      const available = liquidityOf.get(bank.id) ?? Decimal.min(toDecimal(bank.prefundedBalance), toDecimal(bank.netDebitCap));
      reasons.set(
        o.reference,
        `Unwound at the close of window ${window.number} (${ruleLabel}): ${bank.code} owed ${formatAmount(Decimal.max(owed, 0), asset)} ${asset} net in the window with ${formatAmount(available, asset)} available.`,
      );
    }
    return reasons;
  }

  /** Sandbox test value `force_settlement_unwound`: those payments (and their refunds here) fail at close, whatever the rule. */
  private async unwindForcedByTestReference(tx: Tx, window: SettlementWindow, refundsOfPayments: Map<string, string>): Promise<string[]> {
    const reference = 'force_settlement_unwound' satisfies keyof typeof FORCED_FAILURES;
    const payments = await tx.payment.findMany({ where: { windowId: window.id, status: 'captured', reference }, select: { id: true } });
    if (payments.length === 0) return [];
    const ids = payments.map((p) => p.id);
    const refunds = [...refundsOfPayments].filter(([, paymentId]) => ids.includes(paymentId)).map(([id]) => id);
    const reason = `Unwound at the close of window ${window.number}, as the test reference ${reference} asks.`;
    await this.unwind(tx, window, [...ids, ...refunds], new Map(ids.map((id) => [id, reason])));
    return ids;
  }

  private async unwind(tx: Tx, window: SettlementWindow, unwound: string[], reasons: Map<string, string>): Promise<void> {
    await tx.obligation.updateMany({ where: { windowId: window.id, reference: { in: unwound } }, data: { status: 'unwound' } });
    const payments = await tx.payment.findMany({ where: { id: { in: unwound }, status: 'captured' }, select: { id: true } });
    const now = await regionNow(tx, window.regionId);
    for (const payment of payments) {
      await tx.payment.update({
        where: { id: payment.id },
        data: {
          status: 'failed',
          updatedAt: now,
          failureCode: 'settlement_unwound',
          failureReason: reasons.get(payment.id) ?? `Unwound at the close of window ${window.number}.`,
        },
      });
    }
    // A refund fails with its window; the payment's refundable amount comes back.
    const refunds = await tx.refund.findMany({
      where: { OR: [{ id: { in: unwound } }, { paymentId: { in: unwound }, windowId: window.id }], status: 'pending' },
    });
    for (const refund of refunds) {
      const failed = await tx.refund.update({ where: { id: refund.id }, data: { status: 'failed' }, include: refundContext });
      await tx.payment.update({ where: { id: refund.paymentId }, data: { amountRefunded: { decrement: refund.amount } } });
      await this.outbox.record(tx, refundEvent('refund.failed', failed));
    }
    // After the refunds, whose failure gives back part of a failed payment's refunded amount.
    const failed = await tx.payment.findMany({ where: { id: { in: payments.map((p) => p.id) } }, include: paymentContext });
    await this.outbox.recordMany(
      tx,
      failed.map((payment) => paymentEvent('payment.failed', payment)),
    );
  }

  /** Move what could not settle to the next window (opened when this one started closing), as it is. */
  private async carryOver(tx: Tx, window: SettlementWindow, references: string[]): Promise<void> {
    const next = await tx.settlementWindow.findUniqueOrThrow({
      where: { regionId_number: { regionId: window.regionId, number: window.number + 1 } },
    });
    await tx.obligation.updateMany({ where: { windowId: window.id, reference: { in: references } }, data: { windowId: next.id } });
    await tx.payment.updateMany({ where: { id: { in: references }, windowId: window.id }, data: { windowId: next.id } });
    await tx.refund.updateMany({
      where: { OR: [{ id: { in: references } }, { paymentId: { in: references } }], windowId: window.id },
      data: { windowId: next.id },
    });
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
    const now = await regionNow(tx, window.regionId);
    // Read before the bulk updates, to record each one's event with the state they give it.
    const payments = await tx.payment.findMany({ where: { windowId: window.id, status: 'captured' }, include: paymentContext });
    const refunds = await tx.refund.findMany({ where: { windowId: window.id, status: 'pending' }, include: refundContext });
    await tx.obligation.updateMany({ where: { windowId: window.id, status: 'pending' }, data: { status: 'settled' } });
    await tx.payment.updateMany({
      where: { windowId: window.id, status: 'captured' },
      data: { status: 'settled', settledAt: now, updatedAt: now },
    });
    await tx.refund.updateMany({ where: { windowId: window.id, status: 'pending' }, data: { status: 'settled', settledAt: now } });
    await this.outbox.recordMany(tx, [
      ...payments.map((p) => paymentEvent('payment.settled', { ...p, status: 'settled', settledAt: now, updatedAt: now })),
      ...refunds.map((r) => refundEvent('refund.settled', { ...r, status: 'settled', settledAt: now })),
    ]);
    this.logger.log(`Window ${window.number} of ${window.regionId} settled: ${plan.settledReferences.length} payments and refunds`);
    return this.transition(tx, window, 'settled', { settledAt: now });
  }

  /**
   * The window's pending obligations as the core plans them, with when each was recorded. A refund of
   * a payment captured in this same window carries the payment's reference: they settle or fail together.
   */
  private async load(tx: Tx, window: SettlementWindow) {
    const region = await tx.region.findUniqueOrThrow({ where: { id: window.regionId } });
    const banks = await tx.centralBank.findMany({ where: { regionId: window.regionId }, orderBy: { id: 'asc' } });
    const rows = await tx.obligation.findMany({ where: { windowId: window.id, status: 'pending' }, orderBy: { id: 'asc' } });
    const refundsOfPayments = new Map(
      (
        await tx.refund.findMany({
          where: { windowId: window.id, payment: { windowId: window.id } },
          select: { id: true, paymentId: true },
        })
      ).map((r) => [r.id, r.paymentId]),
    );
    const obligations: (PlannedObligation & { recordedAt: Date })[] = rows.map((o) => ({
      id: o.id,
      reference: refundsOfPayments.get(o.reference) ?? o.reference,
      tier: o.tier,
      debtor: o.debtorId,
      debtorKind: o.debtorKind,
      creditor: o.creditorId,
      creditorKind: o.creditorKind,
      currency: o.currency,
      amount: toDecimal(o.amount),
      recordedAt: o.createdAt,
    }));
    return { region, banks, obligations, refundsOfPayments };
  }

  /** The pure settlement plan of what is still pending in the window: positions, transfers, journal entries. */
  private async plan(tx: Tx, window: SettlementWindow): Promise<SettlementPlan> {
    const { region, banks, obligations } = await this.load(tx, window);
    return planSettlement({
      regionId: region.id,
      windowId: window.id,
      settlementAsset: region.settlementAsset,
      obligations,
      liquidity: await this.liquidity.available(tx, banks, region.settlementAsset),
      occurredAt: window.closedAt ?? sandboxNow(region.clockOffsetMs),
    });
  }
}

/** What a payment's or a refund's event needs besides its own row. */
const paymentContext = { region: paymentRegionView } as const;
const refundContext = {
  payment: { select: { merchantId: true, regionId: true, payerCurrency: true, region: { select: { settlementAsset: true } } } },
} as const;

function paymentEvent(type: EventType, payment: Payment & { region: PaymentRegionView }): NewEvent {
  return {
    type,
    merchantId: payment.merchantId,
    regionId: payment.regionId,
    data: presentPayment(payment, payment.region),
  };
}

function refundEvent(
  type: EventType,
  refund: Refund & { payment: { merchantId: string; regionId: string; payerCurrency: string; region: { settlementAsset: string } } },
): NewEvent {
  const { payment } = refund;
  return {
    type,
    merchantId: payment.merchantId,
    regionId: payment.regionId,
    data: presentRefund(refund, payment.payerCurrency, payment.region.settlementAsset),
  };
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
