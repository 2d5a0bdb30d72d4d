import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import type { Region } from '../../../../generated/prisma/client';
import { EventOutbox } from '../../../events/event-outbox';
import { WindowOpener } from '../../../settlement/window-opener';
import { newId } from '../../../shared/ids';
import { type Db, PRISMA } from '../../../shared/persistence';
import { SettlementModelChangedEvent } from '../../events/settlement-model-changed.event';
import { presentSettlementModelChange, settlementModelState } from '../../settlement-model-change.presenter';
import { presentSettlementCycle, settlementCycleColumns } from '../../settlement-cycle';
import { presentSettlementModel, settlementModelColumns } from '../../settlement-model';
import { ChangeSettlementModelCommand } from './change-settlement-model.command';
import { requireVisibleRegion } from '../../region-scope';

@CommandHandler(ChangeSettlementModelCommand)
export class ChangeSettlementModelHandler implements ICommandHandler<ChangeSettlementModelCommand, Schemas['SettlementModelChange']> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly windows: WindowOpener,
    private readonly events: EventBus,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ principal, regionId, change }: ChangeSettlementModelCommand): Promise<Schemas['SettlementModelChange']> {
    await requireVisibleRegion(this.db, principal, regionId);
    const recorded = await this.db.$transaction(async (tx) => {
      // The open window first, share-locked as a capture does: a close under way finishes (and opens
      // the next window with the old model) before we look, and none starts until we commit, so the
      // next window to open is exactly the one the change applies from.
      const openWindowId = await this.windows.lockOpenWindow(tx, regionId);
      await tx.$queryRaw`SELECT id FROM regions WHERE id = ${regionId} FOR UPDATE`;
      const region = await tx.region.findUniqueOrThrow({ where: { id: regionId } });
      const open = await tx.settlementWindow.findUniqueOrThrow({ where: { id: openWindowId }, select: { number: true } });
      const from = settlementModelState(region);
      const next = changedColumns(region, change);
      const to = settlementModelState(next);
      if (JSON.stringify(from) === JSON.stringify(to)) {
        throw new DomainError('settlement_model_unchanged', 'The region already has this settlement model and cycle; nothing was changed.');
      }
      await tx.region.update({ where: { id: regionId }, data: next });
      const recorded = await tx.settlementModelChange.create({
        data: {
          id: newId('smc'),
          regionId,
          fromModel: from,
          toModel: to,
          reason: change.reason,
          changedBy: principal.keyId,
          effectiveFromWindow: open.number + 1,
        },
      });
      // Each central bank of the region hears of it, as of its other region-level events.
      const banks = await tx.centralBank.findMany({ where: { regionId }, select: { id: true }, orderBy: { id: 'asc' } });
      const data = presentSettlementModelChange(recorded);
      await this.outbox.recordMany(
        tx,
        banks.map((bank) => ({ type: 'settlement_model.changed' as const, regionId, centralBankId: bank.id, data })),
      );
      return recorded;
    });
    this.events.publish(new SettlementModelChangedEvent(regionId));
    return presentSettlementModelChange(recorded);
  }
}

/** The region's model and cycle with the request's fields applied, checked as a region document is. */
function changedColumns(region: Region, change: Schemas['SettlementModelChangeRequest']) {
  const current = presentSettlementModel(region);
  const model = settlementModelColumns(
    {
      rule: change.rule ?? current.rule,
      shortfall_policy: change.shortfall_policy ?? current.shortfall_policy,
      queue: change.queue ?? current.queue,
      gridlock: change.gridlock ?? current.gridlock,
      lsm_interval_seconds: change.lsm_interval_seconds ?? current.lsm_interval_seconds,
    },
    '',
  );
  return { ...model, ...changedCycle(presentSettlementCycle(region), change) };
}

/**
 * The interval and the cron expression are one choice: naming either replaces the cycle as a whole (a
 * new cron expression without a zone is read in UTC). A time zone alone re-reads the current expression.
 */
function changedCycle(current: ReturnType<typeof presentSettlementCycle>, change: Schemas['SettlementModelChangeRequest']) {
  const namesInterval = change.settlement_cycle_seconds !== undefined;
  const namesCron = change.settlement_cycle_cron !== undefined;
  const namesZone = change.settlement_cycle_time_zone !== undefined;
  if (!namesInterval && !namesCron && !namesZone) return settlementCycleColumns(current);
  const replaces = namesInterval || namesCron;
  return settlementCycleColumns({
    settlement_cycle_seconds: change.settlement_cycle_seconds ?? null,
    settlement_cycle_cron: namesCron ? change.settlement_cycle_cron : replaces ? null : current.settlement_cycle_cron,
    settlement_cycle_time_zone: change.settlement_cycle_time_zone ?? null,
  });
}
