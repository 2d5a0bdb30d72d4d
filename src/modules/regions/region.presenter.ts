import type { Schemas } from '../../adapters/http/openapi-document';
import type { CentralBank, FxProvider, FxRate, Merchant, Participant, Region } from '../../generated/prisma/client';
import { wireAmount, wireDecimal, wireTime } from '../shared/wire-format';
import { presentSettlementCycle } from './settlement-cycle';
import { presentSettlementModel } from './settlement-model';

/** A provider as stored or as just written (decimals as strings). */
type FxProviderView = Pick<FxProvider, 'id' | 'code' | 'name' | 'currencies'> & { spreadBps: { toString(): string } };

/** The region's FX providers, in document order (their ids are time-ordered). */
export const fxProvidersInOrder = { orderBy: { id: 'asc' } } as const;

export function presentRegion(region: Region, fxProviders: readonly FxProviderView[]): Schemas['Region'] {
  return {
    id: region.id,
    name: region.name,
    settlement_asset: region.settlementAsset,
    ...presentSettlementCycle(region),
    settlement_model: presentSettlementModel(region),
    fx_spread_bps: wireDecimal(region.fxSpreadBps),
    fee_bps: wireDecimal(region.feeBps),
    fx_providers: fxProviders.map((provider) => ({
      id: provider.id,
      code: provider.code,
      name: provider.name,
      spread_bps: wireDecimal(provider.spreadBps),
      currencies: provider.currencies,
    })),
    quote_ttl_seconds: region.quoteTtlSeconds,
    authorization_ttl_seconds: region.authorizationTtlSeconds,
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
    fee_bps: participant.feeBps === null ? null : wireDecimal(participant.feeBps),
    fixed_fee: participant.fixedFee === null ? null : wireAmount(participant.fixedFee, currency),
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
