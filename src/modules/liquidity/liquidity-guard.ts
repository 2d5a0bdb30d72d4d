import { Injectable } from '@nestjs/common';
import type { Schemas } from '../../adapters/http/openapi-document';
import { checkCapture, Decimal, DomainError, headroom, headroomAlert, type TierObligation } from '../../core';
import { EventOutbox, type NewEvent } from '../events/event-outbox';
import type { Tx } from '../shared/persistence';
import { regionNow } from '../shared/region-time';
import { lockCentralBanks } from './liquidity-access';
import { LiquidityReader } from './liquidity-reader';
import { presentLiquidity } from './liquidity.presenter';

export interface CaptureObligations {
  regionId: string;
  obligations: readonly TierObligation[];
}

/**
 * What liquidity asks of a capture (or refund), in its transaction, before its obligations are written:
 * no party under an active suspension; under the gross and LSM rules, no central bank's open-window net
 * debit beyond its net debit cap; and a `central_bank.headroom_low` event when headroom crosses below a
 * central bank's alert threshold. Central banks are row-locked only when a cap or an alert applies, so
 * netting regions without alerts pay two small reads and no lock.
 */
@Injectable()
export class LiquidityGuard {
  constructor(
    private readonly reader: LiquidityReader,
    private readonly outbox: EventOutbox,
  ) {}

  /** `windows`: the open window of each region, already locked by the caller. Throws on the first capture refused. */
  async admit(tx: Tx, windows: ReadonlyMap<string, string>, captures: readonly CaptureObligations[]): Promise<void> {
    if (captures.length === 0) return;
    await this.refuseSuspended(tx, [...windows.keys()], captures);
    const regional = captures.map((c) => c.obligations.filter((o) => o.tier === 'regional'));
    const touched = [...new Set(regional.flat().flatMap((o) => [o.debtor, o.creditor]))];
    if (touched.length === 0) return;
    const [windowRows, banks] = await Promise.all([
      tx.settlementWindow.findMany({ where: { id: { in: [...windows.values()] } }, select: { regionId: true, settlementModel: true } }),
      tx.centralBank.findMany({
        where: { id: { in: touched } },
        include: { region: { select: { settlementAsset: true, settlementRule: true } } },
      }),
    ]);
    const modelOf = new Map(windowRows.map((w) => [w.regionId, (w.settlementModel as { rule?: string } | null)?.rule]));
    const capped = (bank: (typeof banks)[number]) => capsApply(modelOf.get(bank.regionId) ?? bank.region.settlementRule);
    const debtors = new Set(regional.flat().map((o) => o.debtor));
    const watched = banks.filter((b) => (capped(b) && debtors.has(b.id)) || b.headroomAlertThreshold !== null);
    if (watched.length === 0) return;

    await lockCentralBanks(
      tx,
      watched.map((b) => b.id),
    );
    const fresh = await tx.centralBank.findMany({ where: { id: { in: watched.map((b) => b.id) } } });
    const liquidity = await this.reader.read(tx, fresh);
    const assetOf = new Map(banks.map((b) => [b.id, b.region.settlementAsset]));
    const cappedIds = new Set(watched.filter(capped).map((b) => b.id));
    const net = new Map([...liquidity].map(([id, l]) => [id, l.state.netPosition]));
    for (const obligations of regional) {
      const delta = new Map<string, Decimal>();
      for (const o of obligations) {
        delta.set(o.creditor, (delta.get(o.creditor) ?? new Decimal(0)).plus(o.amount));
        delta.set(o.debtor, (delta.get(o.debtor) ?? new Decimal(0)).minus(o.amount));
      }
      for (const [id, change] of delta) {
        const current = liquidity.get(id);
        if (!current) continue;
        if (change.lt(0) && cappedIds.has(id)) {
          checkCapture({ ...current.state, netPosition: net.get(id)! }, change.neg(), current.bank.code, assetOf.get(id)!);
        }
        net.set(id, net.get(id)!.plus(change));
      }
    }

    const events: NewEvent[] = [];
    for (const [id, current] of liquidity) {
      const threshold = current.bank.headroomAlertThreshold;
      if (threshold === null) continue;
      const limit = new Decimal(threshold.toString());
      const before = headroom(current.state);
      const afterState = { ...current.state, netPosition: net.get(id)! };
      // Headroom may have recovered since the flag was set (a close, a prefund) without a capture to notice.
      const alert = headroomAlert(limit, current.bank.headroomLow && before.lt(limit), headroom(afterState));
      if (alert.low !== current.bank.headroomLow) await tx.centralBank.update({ where: { id }, data: { headroomLow: alert.low } });
      if (!alert.fire) continue;
      const data: Schemas['CentralBankLiquidity'] = presentLiquidity(
        { ...current, state: afterState, bank: { ...current.bank, headroomLow: true } },
        assetOf.get(id)!,
        await regionNow(tx, current.bank.regionId),
      );
      events.push({ type: 'central_bank.headroom_low', regionId: current.bank.regionId, centralBankId: id, data });
    }
    if (events.length > 0) await this.outbox.recordMany(tx, events);
  }

  private async refuseSuspended(tx: Tx, regionIds: string[], captures: readonly CaptureObligations[]): Promise<void> {
    const suspensions = await tx.fault.findMany({
      where: { regionId: { in: regionIds }, kind: 'suspension', status: 'active' },
      select: { id: true, centralBankId: true, participantId: true },
    });
    if (suspensions.length === 0) return;
    const faultOf = new Map(suspensions.map((s) => [(s.participantId ?? s.centralBankId)!, s.id]));
    for (const { obligations } of captures) refuseSuspendedParties(obligations, faultOf);
  }
}

/** Whether net debit caps bind under a window's settlement rule: only where payments settle one by one. */
export function capsApply(rule: string | undefined): boolean {
  return rule === 'gross' || rule === 'lsm';
}

/** Refuses obligations involving a party under an active suspension; `faultOf`: each suspended party's suspension. */
export function refuseSuspendedParties(obligations: readonly TierObligation[], faultOf: ReadonlyMap<string, string>): void {
  for (const o of obligations) {
    for (const party of [o.debtor, o.creditor]) {
      const fault = faultOf.get(party);
      if (fault) {
        throw new DomainError(
          'participant_suspended',
          `${party} is suspended (fault ${fault}): no new payment involving it is accepted until the operator clears the suspension.`,
        );
      }
    }
  }
}
