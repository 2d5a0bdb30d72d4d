import { Injectable } from '@nestjs/common';
import type { SettlementWindow } from '../../generated/prisma/client';
import { newId } from '../shared/ids';
import type { Tx } from '../shared/persistence';

/** How often to look again for the open window while a close is handing over to the next one. */
const OPEN_WINDOW_ATTEMPTS = 5;

@Injectable()
export class WindowOpener {
  /** Opens window number `number` of a region; (region, number) is unique, so it can never open twice. */
  open(tx: Tx, regionId: string, number: number, at: Date): Promise<SettlementWindow> {
    return tx.settlementWindow.create({ data: { id: newId('win'), regionId, number, status: 'open', openedAt: at } });
  }

  /**
   * The region's open window, share-locked until the caller's transaction ends, so a close waits for
   * every obligation being recorded in it. A close that commits while we wait has opened the next
   * window: the lock then finds nothing, and the next look (a new snapshot) finds the new window.
   */
  async lockOpenWindow(tx: Tx, regionId: string): Promise<string> {
    for (let attempt = 0; attempt < OPEN_WINDOW_ATTEMPTS; attempt += 1) {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM settlement_windows WHERE region_id = ${regionId} AND status = 'open' FOR SHARE`;
      if (rows[0]) return rows[0].id;
    }
    throw new Error(`Region ${regionId} has no open settlement window`);
  }
}
