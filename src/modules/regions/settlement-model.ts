import type { Schemas } from '../../adapters/http/openapi-document';
import { DomainError } from '../../core/errors';
import type { SettlementModel } from '../../core/settlement';
import type { GridlockAlgorithm, QueuePolicy, SettlementRule, ShortfallPolicy } from '../../generated/prisma/client';

/**
 * A region's settlement model in its three shapes: the wire's (`carry-over`), the database's
 * (`carry_over`: enum values cannot hold hyphens) and the core's, which the window close runs.
 */
export interface SettlementModelColumns {
  settlementRule: SettlementRule;
  shortfallPolicy: ShortfallPolicy;
  queuePolicy: QueuePolicy;
  gridlockAlgorithm: GridlockAlgorithm;
  lsmIntervalSeconds: number;
}

const toWire = <T extends string>(value: T) => value.replace(/_/g, '-');
const toColumn = <T extends string>(value: string) => value.replace(/-/g, '_') as T;

/**
 * Checks a definition's options against its rule and fills in the defaults. `fieldPrefix` is where the
 * model sits in the request (`settlement_model.` in a region document, nothing in a model change).
 */
export function settlementModelColumns(
  definition: Schemas['SettlementModelDefinition'] | undefined,
  fieldPrefix = 'settlement_model.',
): SettlementModelColumns {
  const rule = definition?.rule ?? 'multilateral';
  const shortfall = definition?.shortfall_policy ?? 'unwind';
  if ((rule === 'gross' || rule === 'lsm') && shortfall === 'largest-feasible') {
    throw new DomainError(
      'validation_failed',
      'largest-feasible applies to netting rules; under gross or LSM settlement, choose unwind or carry-over for what is still queued at close.',
      `${fieldPrefix}shortfall_policy`,
    );
  }
  return {
    settlementRule: rule,
    shortfallPolicy: toColumn<ShortfallPolicy>(shortfall),
    queuePolicy: toColumn<QueuePolicy>(definition?.queue ?? 'fifo'),
    gridlockAlgorithm: toColumn<GridlockAlgorithm>(definition?.gridlock ?? 'fifo-exact'),
    lsmIntervalSeconds: definition?.lsm_interval_seconds ?? 60,
  };
}

export function presentSettlementModel(region: SettlementModelColumns): Schemas['SettlementModel'] {
  return {
    rule: region.settlementRule,
    shortfall_policy: toWire(region.shortfallPolicy) as Schemas['ShortfallPolicy'],
    queue: toWire(region.queuePolicy) as Schemas['QueuePolicy'],
    gridlock: toWire(region.gridlockAlgorithm) as Schemas['GridlockAlgorithm'],
    lsm_interval_seconds: region.lsmIntervalSeconds,
  };
}

/**
 * The model a window settles under: the one stored on the window when it opened, so a change made while
 * it was open waits for the next window; the region's own for windows opened before windows kept theirs.
 */
export function windowSettlementModel(window: { settlementModel: unknown }, region: SettlementModelColumns): SettlementModel {
  const stored = window.settlementModel as Schemas['SettlementModel'] | null;
  return settlementModelOf(stored ? settlementModelColumns(stored) : region);
}

/** The model the window close runs through the engine. */
export function settlementModelOf(region: SettlementModelColumns): SettlementModel {
  const wire = presentSettlementModel(region);
  switch (wire.rule) {
    case 'multilateral':
    case 'bilateral':
      return { rule: wire.rule, shortfall: wire.shortfall_policy };
    case 'gross':
      return { rule: 'gross', queue: wire.queue, shortfall: queuedShortfall(wire.shortfall_policy) };
    case 'lsm':
      return {
        rule: 'lsm',
        queue: wire.queue,
        gridlock: wire.gridlock,
        offsetEverySeconds: wire.lsm_interval_seconds,
        shortfall: queuedShortfall(wire.shortfall_policy),
      };
  }
}

function queuedShortfall(policy: Schemas['ShortfallPolicy']): 'unwind' | 'carry-over' {
  // Loading a region refuses largest-feasible for gross and LSM; carrying over is its nearest meaning.
  return policy === 'unwind' ? 'unwind' : 'carry-over';
}
