import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { type SettlementCycleColumns, settlementCycleColumns } from '../../settlement-cycle';
import { type SettlementModelColumns, settlementModelColumns } from '../../settlement-model';
import { currencyScale, type Decimal, parseAmount, parseDecimal, parseNonNegativeAmount, roundToCurrency } from '../../../../core/money';

type Definition = Schemas['RegionDefinition'];

/** A region definition after the business rules the schema cannot express have been checked. */
export interface CheckedRegion {
  definition: Definition;
  fxSpreadBps: Decimal;
  feeBps: Decimal;
  centralBanks: { prefundedBalance: Decimal; netDebitCap: Decimal; participants: ParticipantFees[] }[];
  /** In document order; empty when the region's own spread prices quotes. */
  fxProviders: { code: string; name: string; spreadBps: Decimal; currencies: string[] }[];
  settlementModel: SettlementModelColumns;
  cycle: SettlementCycleColumns;
  /** Units of each currency per settlement-asset unit, the asset itself included at 1. */
  rates: Map<string, Decimal>;
}

/** A participant's own fee schedule; null parts fall back to the region's fee_bps and no fixed fee. */
export interface ParticipantFees {
  feeBps: Decimal | null;
  fixedFee: Decimal | null;
}

export function checkRegionDefinition(definition: Definition): CheckedRegion {
  const asset = definition.settlement_asset;
  currencyScale(asset);
  const rates = new Map<string, Decimal>([[asset, parseAmount('1', asset)]]);
  (definition.fx_rates ?? []).forEach((fx, i) => {
    currencyScaleAt(fx.currency, `fx_rates[${i}].currency`);
    if (rates.has(fx.currency) && fx.currency !== asset) {
      throw new DomainError('region_conflict', `The rate for ${fx.currency} is given twice.`, `fx_rates[${i}].currency`);
    }
    rates.set(fx.currency, parseDecimal(fx.rate, `fx_rates[${i}].rate`));
  });

  const codes = { bank: new Set<string>(), participant: new Set<string>(), merchant: new Set<string>(), currency: new Set<string>() };
  const centralBanks = definition.central_banks.map((bank, i) => {
    const at = `central_banks[${i}]`;
    currencyScaleAt(bank.currency, `${at}.currency`);
    unique(codes.bank, bank.code, `${at}.code`, 'central bank code');
    unique(codes.currency, bank.currency, `${at}.currency`, 'currency (one central bank per currency)');
    if (!rates.has(bank.currency)) {
      throw new DomainError(
        'fx_rate_unavailable',
        `No reference rate for ${bank.currency} against ${asset}; add it to fx_rates.`,
        `${at}.currency`,
      );
    }
    const participants = (bank.participants ?? []).map((participant, j) => {
      unique(codes.participant, participant.code, `${at}.participants[${j}].code`, 'participant code');
      (participant.merchants ?? []).forEach((merchant, k) => {
        unique(codes.merchant, merchant.code, `${at}.participants[${j}].merchants[${k}].code`, 'merchant code');
      });
      const fees = `${at}.participants[${j}]`;
      return {
        feeBps: participant.fee_bps === undefined ? null : parseDecimal(participant.fee_bps, `${fees}.fee_bps`, { allowZero: true }),
        // In the participant's (its central bank's) currency; rounded once here, so pricing adds it as is.
        fixedFee:
          participant.fixed_fee === undefined
            ? null
            : roundToCurrency(parseDecimal(participant.fixed_fee, `${fees}.fixed_fee`, { allowZero: true }), bank.currency),
      };
    });
    return {
      prefundedBalance: parseNonNegativeAmount(bank.prefunded_balance, asset, `${at}.prefunded_balance`),
      netDebitCap: parseNonNegativeAmount(bank.net_debit_cap, asset, `${at}.net_debit_cap`),
      participants,
    };
  });

  // A provider converts between the region's own currencies: its central banks' and the settlement asset.
  const regionCurrencies = new Set([asset, ...definition.central_banks.map((bank) => bank.currency)]);
  const providerCodes = new Set<string>();
  const fxProviders = (definition.fx_providers ?? []).map((provider, i) => {
    const at = `fx_providers[${i}]`;
    unique(providerCodes, provider.code, `${at}.code`, 'FX provider code');
    (provider.currencies ?? []).forEach((currency, j) => {
      if (!regionCurrencies.has(currency)) {
        throw new DomainError(
          'currency_not_in_region',
          `FX provider "${provider.code}" names ${currency}, which is not a currency of this region (${[...regionCurrencies].join(', ')}).`,
          `${at}.currencies[${j}]`,
        );
      }
    });
    return {
      code: provider.code,
      name: provider.name,
      spreadBps: parseDecimal(provider.spread_bps, `${at}.spread_bps`, { allowZero: true }),
      currencies: [...new Set(provider.currencies ?? [])],
    };
  });

  return {
    definition,
    fxSpreadBps: parseDecimal(definition.fx_spread_bps ?? '0', 'fx_spread_bps', { allowZero: true }),
    feeBps: parseDecimal(definition.fee_bps ?? '0', 'fee_bps', { allowZero: true }),
    centralBanks,
    fxProviders,
    rates,
    settlementModel: settlementModelColumns(definition.settlement_model),
    cycle: settlementCycleColumns(definition),
  };
}

function currencyScaleAt(code: string, field: string): number {
  try {
    return currencyScale(code);
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, error.message, field);
    throw error;
  }
}

function unique(seen: Set<string>, value: string, field: string, what: string): void {
  if (seen.has(value)) throw new DomainError('region_conflict', `The ${what} "${value}" appears twice in the region.`, field);
  seen.add(value);
}
