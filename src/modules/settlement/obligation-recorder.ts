import { Injectable } from '@nestjs/common';
import type { TierObligation } from '../../core/payments';
import { type BulkColumn, bulkInsert, type InsertRows } from '../shared/bulk-insert';
import { LiquidityGuard } from '../liquidity/liquidity-guard';
import { newId } from '../shared/ids';
import type { Tx } from '../shared/persistence';
import { WindowOpener } from './window-opener';

/** Records obligations in the region's open window, in the caller's transaction. */
@Injectable()
export class ObligationRecorder {
  constructor(
    private readonly windows: WindowOpener,
    private readonly liquidity: LiquidityGuard,
  ) {}

  /** Returns the window the obligations landed in. */
  async record(tx: Tx, regionId: string, obligations: readonly TierObligation[], at?: Date): Promise<string> {
    return (await this.recordMany(tx, [{ regionId, obligations, ...(at ? { at } : {}) }])).get(regionId)!;
  }

  /**
   * The obligations of many captures, each in its region's open window, with one lock statement and one
   * insert. Returns the window of each region.
   */
  async recordMany(tx: Tx, captures: readonly Capture[]): Promise<Map<string, string>> {
    if (captures.length === 0) return new Map();
    const windows = await this.admit(tx, captures);
    const { table, columns, rows } = obligationRows(windows, captures);
    await bulkInsert(tx, table, columns, rows);
    return windows;
  }

  /**
   * What must hold before captures' obligations are written, for a caller that writes them itself: each
   * region's open window share-locked until the transaction ends (a close waits for them), and the
   * liquidity guard's checks — suspensions, net debit caps (gross, LSM), headroom alerts — which throw
   * `participant_suspended` or `net_debit_cap_exceeded` for the first capture refused. Returns the
   * window of each region.
   */
  async admit(tx: Tx, captures: readonly Capture[]): Promise<Map<string, string>> {
    if (captures.length === 0) return new Map();
    const windows = await this.windows.lockOpenWindows(
      tx,
      captures.map((c) => c.regionId),
    );
    await this.liquidity.admit(tx, windows, captures);
    return windows;
  }
}

/** `at`: the capture's time on the region's test clock, when it arrived in the window as settlement rules see it. */
type Capture = { regionId: string; obligations: readonly TierObligation[]; at?: Date };

type ObligationRow = { windowId: string; o: TierObligation; at: Date };

/** The rows of `obligations` for these captures, each in its region's window (`windows`), pending. */
export function obligationRows(windows: ReadonlyMap<string, string>, captures: readonly Capture[]): InsertRows<ObligationRow> {
  const wallClock = new Date();
  return {
    table: 'obligations',
    columns: OBLIGATION_COLUMNS,
    rows: captures.flatMap(({ regionId, obligations, at }) =>
      obligations.map((o) => ({ windowId: windows.get(regionId)!, o, at: at ?? wallClock })),
    ),
  };
}

const OBLIGATION_COLUMNS = [
  { name: 'id', type: 'text', value: () => newId('obl') },
  { name: 'window_id', type: 'text', value: (r) => r.windowId },
  { name: 'tier', type: '"ObligationTier"', value: (r) => r.o.tier },
  { name: 'reference', type: 'text', value: (r) => r.o.reference },
  { name: 'debtor_kind', type: '"PartyKind"', value: (r) => r.o.debtorKind },
  { name: 'debtor_id', type: 'text', value: (r) => r.o.debtor },
  { name: 'creditor_kind', type: '"PartyKind"', value: (r) => r.o.creditorKind },
  { name: 'creditor_id', type: 'text', value: (r) => r.o.creditor },
  { name: 'currency', type: 'text', value: (r) => r.o.currency },
  { name: 'amount', type: 'numeric', value: (r) => r.o.amount.toFixed() },
  { name: 'status', type: '"ObligationStatus"', value: () => 'pending' },
  { name: 'created_at', type: 'timestamptz', value: (r) => r.at },
] as const satisfies readonly BulkColumn<ObligationRow>[];
