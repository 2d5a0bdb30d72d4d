import type { Schemas } from '../../adapters/http/openapi-document';
import { availableLiquidity, capHeadroom, headroom } from '../../core';
import type { CollateralPledge, Fault, Funding, NetDebitCapChange } from '../../generated/prisma/client';
import { wireAmount, wireDecimal, wireTime } from '../shared/wire-format';
import type { BankLiquidity } from './liquidity-reader';

export function presentFunding(funding: Funding, asset: string, heldByFaultId: string | null = null): Schemas['Funding'] {
  return {
    id: funding.id,
    region_id: funding.regionId,
    central_bank_id: funding.centralBankId,
    direction: funding.direction,
    amount: wireAmount(funding.amount, asset),
    settlement_asset: asset,
    status: funding.status,
    held_by_fault_id: heldByFaultId,
    journal_entry_id: funding.journalEntryId,
    created_at: wireTime(funding.createdAt),
    committed_at: wireTime(funding.committedAt),
    aborted_at: wireTime(funding.abortedAt),
  };
}

export function presentPledge(pledge: CollateralPledge, asset: string): Schemas['CollateralPledge'] {
  return {
    id: pledge.id,
    region_id: pledge.regionId,
    central_bank_id: pledge.centralBankId,
    amount: wireAmount(pledge.amount, asset),
    haircut_percent: wireDecimal(pledge.haircutPercent),
    credit_value: wireAmount(pledge.creditValue, asset),
    settlement_asset: asset,
    description: pledge.description,
    status: pledge.status,
    created_at: wireTime(pledge.createdAt),
    released_at: wireTime(pledge.releasedAt),
  };
}

export function presentCapChange(change: NetDebitCapChange, asset: string): Schemas['NetDebitCapChange'] {
  return {
    id: change.id,
    region_id: change.regionId,
    central_bank_id: change.centralBankId,
    previous_cap: wireAmount(change.previousCap, asset),
    new_cap: wireAmount(change.newCap, asset),
    settlement_asset: asset,
    reason: change.reason,
    changed_by: change.changedBy,
    changed_at: wireTime(change.changedAt),
  };
}

export function presentLiquidity(liquidity: BankLiquidity, asset: string, asOf: Date): Schemas['CentralBankLiquidity'] {
  const { bank, state } = liquidity;
  return {
    central_bank_id: bank.id,
    region_id: bank.regionId,
    settlement_asset: asset,
    balance: wireAmount(state.balance, asset),
    reserved_withdrawals: wireAmount(state.reservedWithdrawals, asset),
    collateral: wireAmount(liquidity.collateral, asset),
    credit_line: wireAmount(state.creditLine, asset),
    net_debit_cap: wireAmount(state.netDebitCap, asset),
    available: wireAmount(availableLiquidity(state), asset),
    window_id: liquidity.windowId ?? '',
    net_position: wireAmount(state.netPosition, asset),
    headroom: wireAmount(headroom(state), asset),
    cap_headroom: wireAmount(capHeadroom(state), asset),
    headroom_alert_threshold: bank.headroomAlertThreshold === null ? null : wireAmount(bank.headroomAlertThreshold, asset),
    headroom_low: bank.headroomLow,
    suspended: liquidity.suspended,
    as_of: wireTime(asOf),
  };
}

export function presentFault(fault: Fault): Schemas['Fault'] {
  return {
    id: fault.id,
    region_id: fault.regionId,
    kind: fault.kind,
    central_bank_id: fault.centralBankId,
    participant_id: fault.participantId,
    funding_id: fault.fundingId,
    note: fault.note,
    status: fault.status,
    applied_window_id: fault.appliedWindowId,
    created_at: wireTime(fault.createdAt),
    applied_at: wireTime(fault.appliedAt),
    cleared_at: wireTime(fault.clearedAt),
  };
}
