import { Injectable } from '@nestjs/common';
import type { TierObligation } from '../../core/payments';
import { newId } from '../shared/ids';
import type { Tx } from '../shared/persistence';
import { WindowOpener } from './window-opener';

/** Records obligations in the region's open window, in the caller's transaction. */
@Injectable()
export class ObligationRecorder {
  constructor(private readonly windows: WindowOpener) {}

  /** Returns the window the obligations landed in. */
  async record(tx: Tx, regionId: string, obligations: readonly TierObligation[]): Promise<string> {
    const windowId = await this.windows.lockOpenWindow(tx, regionId);
    await tx.obligation.createMany({
      data: obligations.map((o) => ({
        id: newId('obl'),
        windowId,
        tier: o.tier,
        reference: o.reference,
        debtorKind: o.debtorKind,
        debtorId: o.debtor,
        creditorKind: o.creditorKind,
        creditorId: o.creditor,
        currency: o.currency,
        amount: o.amount.toFixed(),
        status: 'pending' as const,
      })),
    });
    return windowId;
  }
}
