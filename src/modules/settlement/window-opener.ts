import { Injectable } from '@nestjs/common';
import type { Prisma, SettlementWindow } from '../../generated/prisma/client';
import { presentSettlementModel } from '../regions/settlement-model';
import { newId } from '../shared/ids';
import type { Tx } from '../shared/persistence';

/** How often to look again for the open window while a close is handing over to the next one. */
const OPEN_WINDOW_ATTEMPTS = 5;

@Injectable()
export class WindowOpener {
  /**
   * Opens window number `number` of a region; (region, number) is unique, so it can never open twice.
   * The window keeps the region's settlement model of this moment: it settles under it, whatever changes
   * while it is open (a change holds the open window's share lock, so it lands wholly before or after).
   */
  async open(tx: Tx, regionId: string, number: number, at: Date): Promise<SettlementWindow> {
    const region = await tx.region.findUniqueOrThrow({ where: { id: regionId } });
    const settlementModel = presentSettlementModel(region) as unknown as Prisma.InputJsonObject;
    return tx.settlementWindow.create({ data: { id: newId('win'), regionId, number, status: 'open', openedAt: at, settlementModel } });
  }

  /**
   * The region's open window, share-locked until the caller's transaction ends, so a close waits for
   * every obligation being recorded in it. A close that commits while we wait has opened the next
   * window: the lock then finds nothing, and the next look (a new snapshot) finds the new window.
   */
  async lockOpenWindow(tx: Tx, regionId: string): Promise<string> {
    return (await this.lockOpenWindows(tx, [regionId])).get(regionId)!;
  }

  /** `lockOpenWindow` for several regions at once: one statement however many regions a batch spans. */
  async lockOpenWindows(tx: Tx, regionIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let missing = [...new Set(regionIds)];
    for (let attempt = 0; attempt < OPEN_WINDOW_ATTEMPTS && missing.length > 0; attempt += 1) {
      const rows = await tx.$queryRaw<{ id: string; region_id: string }[]>`
        SELECT id, region_id FROM settlement_windows WHERE region_id = ANY(${missing}::text[]) AND status = 'open' FOR SHARE`;
      for (const row of rows) found.set(row.region_id, row.id);
      missing = missing.filter((id) => !found.has(id));
    }
    if (missing.length > 0) throw new Error(`Region ${missing.join(', ')} has no open settlement window`);
    return found;
  }
}
