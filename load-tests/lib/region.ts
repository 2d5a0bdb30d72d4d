import { Decimal, formatAmount, roundToCurrency } from '../../src/core/money';
import { SeededRandom } from '../../src/core/workload';
import { type CorridorClient, type Schemas, must } from './api';
import type { Call } from './traffic';

export interface RegionMerchant {
  id: string;
  key: string;
  currency: string;
  centralBankId: string;
}

export interface RegionParticipant {
  id: string;
  currency: string;
  centralBankId: string;
}

/** A region loaded for one run, with what the flows need: ids, keys and currencies. */
export interface LoadedRegion {
  id: string;
  name: string;
  /** In document order. */
  centralBanks: { id: string; code: string }[];
  merchants: RegionMerchant[];
  participants: RegionParticipant[];
}

/** A cross-border purchase: who pays whom, and how much in the merchant's currency. */
export interface Basket {
  merchant: RegionMerchant;
  payerParticipantId: string;
  amount: string;
  currency: string;
  /** A quarter of the amount, for partial refunds. */
  partialRefund: string;
}

const MEMBERS = [
  { code: 'CBK', name: 'Central Bank of Kenya', country: 'KE', currency: 'KES', rate: '129.5' },
  { code: 'CBN', name: 'Central Bank of Nigeria', country: 'NG', currency: 'NGN', rate: '1550' },
  { code: 'BOG', name: 'Bank of Ghana', country: 'GH', currency: 'GHS', rate: '15.5' },
  { code: 'SARB', name: 'South African Reserve Bank', country: 'ZA', currency: 'ZAR', rate: '18.2' },
] as const;

/**
 * Four central banks settling in USD, each with a bank and a payment provider that both acquire a
 * merchant. Prefunding is far above anything a run can owe, so no window ever unwinds for lack of
 * liquidity: a run measures the service, not a shortfall. Windows close only on request.
 */
export function loadTestRegion(name: string): Schemas['RegionDefinition'] {
  return {
    name,
    settlement_asset: 'USD',
    settlement_cycle_seconds: null,
    fx_spread_bps: '25',
    fee_bps: '10',
    quote_ttl_seconds: 300,
    central_banks: MEMBERS.map((member) => ({
      code: member.code,
      name: member.name,
      country: member.country,
      currency: member.currency,
      prefunded_balance: '1000000000.00',
      net_debit_cap: '1000000000.00',
      participants: (['bank', 'psp'] as const).map((kind) => ({
        code: `${member.code}-${kind}`,
        name: `${member.name} ${kind === 'bank' ? 'member bank' : 'payment provider'}`,
        kind,
        merchants: [{ code: `${member.code}-${kind}-shop`, name: `Online shop acquired by ${member.code} ${kind}` }],
      })),
    })),
    fx_rates: MEMBERS.map((member) => ({ currency: member.currency, rate: member.rate })),
  };
}

export async function loadRegion(api: CorridorClient, definition: Schemas['RegionDefinition']): Promise<LoadedRegion> {
  const loaded = await must(api.POST('/v1/regions', { body: definition }));
  const keyOf = new Map(loaded.api_keys.map((k) => [k.subject_id, k.key]));
  return {
    id: loaded.region.id,
    name: loaded.region.name,
    centralBanks: loaded.central_banks.map((b) => ({ id: b.id, code: b.code })),
    merchants: loaded.merchants.map((m) => ({ id: m.id, key: keyOf.get(m.id)!, currency: m.currency, centralBankId: m.central_bank_id })),
    participants: loaded.participants.map((p) => ({ id: p.id, currency: p.currency, centralBankId: p.central_bank_id })),
  };
}

/**
 * A fixed pool of cross-border baskets (5 to 400 USD, priced in the merchant's currency), drawn from a
 * seed: flows cycle through it, so building a request costs the load generator almost nothing.
 */
export function crossBorderBaskets(region: LoadedRegion, count: number, seed: number): Basket[] {
  const random = new SeededRandom(seed);
  const usdRate = new Map(MEMBERS.map((m) => [m.currency as string, new Decimal(m.rate)]));
  const baskets: Basket[] = [];
  for (let i = 0; i < count; i += 1) {
    const merchant = region.merchants[i % region.merchants.length]!;
    const payer = random.pick(region.participants.filter((p) => p.centralBankId !== merchant.centralBankId));
    const usd = new Decimal(random.int(500, 40_000)).div(100);
    const amount = roundToCurrency(usd.mul(usdRate.get(merchant.currency) ?? 1), merchant.currency);
    baskets.push({
      merchant,
      payerParticipantId: payer.id,
      amount: formatAmount(amount, merchant.currency),
      currency: merchant.currency,
      partialRefund: formatAmount(roundToCurrency(amount.div(4), merchant.currency), merchant.currency),
    });
  }
  return baskets;
}

/** A payment for a basket, priced on the spot, whose reference also keys its idempotency. */
export function paymentCall(basket: Basket, reference: string, captureMethod: 'automatic' | 'manual' = 'automatic'): Call {
  return {
    method: 'POST',
    path: '/v1/payments',
    key: basket.merchant.key,
    idempotencyKey: `pay-${reference}`,
    body: {
      payer_participant_id: basket.payerParticipantId,
      amount: basket.amount,
      currency: basket.currency,
      ...(captureMethod === 'manual' ? { capture_method: 'manual' } : {}),
      reference,
    },
  };
}
