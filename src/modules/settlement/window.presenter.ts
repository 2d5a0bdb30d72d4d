import type { Schemas } from '../../adapters/http/openapi-document';
import type { SettlementWindow } from '../../generated/prisma/client';
import { wireAmount, wireDecimal, wireTime } from '../shared/wire-format';

/** Decimal places of ratios such as netting efficiency on the wire and in storage. */
export const RATIO_SCALE = 6;

export function presentWindow(window: SettlementWindow, settlementAsset: string, obligationCount = 0): Schemas['SettlementWindow'] {
  return {
    id: window.id,
    region_id: window.regionId,
    number: window.number,
    status: window.status,
    opened_at: wireTime(window.openedAt),
    closed_at: wireTime(window.closedAt),
    settled_at: wireTime(window.settledAt),
    failure_reason: window.failureReason,
    obligation_count: obligationCount,
    settlement_rule: window.settlementRule,
    unwound_payment_ids: window.unwoundReferences.filter((reference) => reference.startsWith('pay_')),
    carried_over_payment_ids: window.carriedOverReferences.filter((reference) => reference.startsWith('pay_')),
    fault_effects: window.faultEffects as unknown as Schemas['FaultEffect'][],
    totals:
      window.grossValue === null || window.multilateralNet === null || window.nettingEfficiency === null
        ? null
        : {
            gross: wireAmount(window.grossValue, settlementAsset),
            multilateral_net: wireAmount(window.multilateralNet, settlementAsset),
            netting_efficiency: wireDecimal(window.nettingEfficiency),
          },
  };
}
