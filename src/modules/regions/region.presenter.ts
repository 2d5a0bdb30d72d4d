import type { Schemas } from '../../adapters/http/openapi-document';
import type { CentralBank, FxRate, Merchant, Participant, Region } from '../../generated/prisma/client';
import { wireAmount, wireDecimal, wireTime } from '../shared/wire-format';
import { presentSettlementModel } from './settlement-model';

export function presentRegion(region: Region): Schemas['Region'] {
  return {
    id: region.id,
    name: region.name,
    settlement_asset: region.settlementAsset,
    settlement_cycle_seconds: region.settlementCycleSeconds,
    settlement_model: presentSettlementModel(region),
    fx_spread_bps: wireDecimal(region.fxSpreadBps),
    fee_bps: wireDecimal(region.feeBps),
    quote_ttl_seconds: region.quoteTtlSeconds,
    created_at: wireTime(region.createdAt),
  };
}

export function presentCentralBank(bank: CentralBank, settlementAsset: string): Schemas['CentralBank'] {
  return {
    id: bank.id,
    region_id: bank.regionId,
    code: bank.code,
    name: bank.name,
    country: bank.country,
    currency: bank.currency,
    prefunded_balance: wireAmount(bank.prefundedBalance, settlementAsset),
    net_debit_cap: wireAmount(bank.netDebitCap, settlementAsset),
    settlement_asset: settlementAsset,
    created_at: wireTime(bank.createdAt),
  };
}

export function presentParticipant(participant: Participant, currency: string): Schemas['Participant'] {
  return {
    id: participant.id,
    region_id: participant.regionId,
    central_bank_id: participant.centralBankId,
    code: participant.code,
    name: participant.name,
    kind: participant.kind,
    currency,
    created_at: wireTime(participant.createdAt),
  };
}

export function presentMerchant(merchant: Merchant, centralBankId: string, currency: string): Schemas['Merchant'] {
  return {
    id: merchant.id,
    region_id: merchant.regionId,
    participant_id: merchant.participantId,
    central_bank_id: centralBankId,
    code: merchant.code,
    name: merchant.name,
    currency,
    created_at: wireTime(merchant.createdAt),
  };
}

export function presentFxRate(rate: FxRate, settlementAsset: string): Schemas['FxRate'] {
  return {
    region_id: rate.regionId,
    currency: rate.currency,
    rate: wireDecimal(rate.rate),
    settlement_asset: settlementAsset,
    updated_at: wireTime(rate.updatedAt),
  };
}
