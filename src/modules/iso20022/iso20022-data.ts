import type * as Iso from '../../adapters/iso20022';
import type { CentralBank, Participant, Region, SettlementWindow } from '../../generated/prisma/client';
import { toDecimal } from '../shared/wire-format';

/**
 * Corridor rows in the shapes the ISO 20022 builders take. The region's settlement agent has no row of
 * its own: it is named after the region, the same on every export.
 */
export function isoRegion(region: Region): Iso.Region {
  return {
    id: region.id,
    name: region.name,
    settlementAsset: region.settlementAsset,
    settlementAgent: { code: 'AGENT', name: `${region.name} settlement agent` },
  };
}

export function isoInstitution(party: CentralBank | Participant, country?: string): Iso.Institution {
  return { code: party.code, name: party.name, ...(country ? { country } : {}) };
}

export function isoCentralBank(bank: CentralBank): Iso.Institution {
  return isoInstitution(bank, bank.country);
}

export function isoWindow(window: SettlementWindow): Iso.SettlementWindow {
  return { id: window.id, number: window.number, openedAt: window.openedAt, closedAt: window.closedAt, settledAt: window.settledAt };
}

export const decimal = toDecimal;
