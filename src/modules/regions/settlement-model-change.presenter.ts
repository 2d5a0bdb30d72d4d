import type { Schemas } from '../../adapters/http/openapi-document';
import type { SettlementModelChange } from '../../generated/prisma/client';
import { wireTime } from '../shared/wire-format';
import { presentSettlementCycle, type SettlementCycleColumns } from './settlement-cycle';
import { presentSettlementModel, type SettlementModelColumns } from './settlement-model';

/** A region's model and cycle as the history stores and shows them. */
export function settlementModelState(region: SettlementModelColumns & SettlementCycleColumns): Schemas['SettlementModelState'] {
  return { settlement_model: presentSettlementModel(region), ...presentSettlementCycle(region) };
}

export function presentSettlementModelChange(change: SettlementModelChange): Schemas['SettlementModelChange'] {
  return {
    id: change.id,
    region_id: change.regionId,
    from: change.fromModel as unknown as Schemas['SettlementModelState'],
    to: change.toModel as unknown as Schemas['SettlementModelState'],
    reason: change.reason,
    changed_by: change.changedBy,
    changed_at: wireTime(change.changedAt),
    effective_from_window: change.effectiveFromWindow,
  };
}
