import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { type SettlementModelColumns, settlementModelColumns } from '../../settlement-model';
import { currencyScale, type Decimal, parseAmount, parseDecimal, parseNonNegativeAmount } from '../../../../core/money';

type Definition = Schemas['RegionDefinition'];

/** A region definition after the business rules the schema cannot express have been checked. */
export interface CheckedRegion {
  definition: Definition;
  fxSpreadBps: Decimal;
  feeBps: Decimal;
  centralBanks: { prefundedBalance: Decimal; netDebitCap: Decimal }[];
  settlementModel: SettlementModelColumns;
  /** Units of each currency per settlement-asset unit, the asset itself included at 1. */
  rates: Map<string, Decimal>;
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
    (bank.participants ?? []).forEach((participant, j) => {
      unique(codes.participant, participant.code, `${at}.participants[${j}].code`, 'participant code');
      (participant.merchants ?? []).forEach((merchant, k) => {
        unique(codes.merchant, merchant.code, `${at}.participants[${j}].merchants[${k}].code`, 'merchant code');
      });
    });
    return {
      prefundedBalance: parseNonNegativeAmount(bank.prefunded_balance, asset, `${at}.prefunded_balance`),
      netDebitCap: parseNonNegativeAmount(bank.net_debit_cap, asset, `${at}.net_debit_cap`),
    };
  });

  return {
    definition,
    fxSpreadBps: parseDecimal(definition.fx_spread_bps ?? '0', 'fx_spread_bps', { allowZero: true }),
    feeBps: parseDecimal(definition.fee_bps ?? '0', 'fee_bps', { allowZero: true }),
    centralBanks,
    rates,
    settlementModel: settlementModelColumns(definition.settlement_model),
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
