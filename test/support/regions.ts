import type { Schemas } from '../../src/adapters/http/openapi-document';
import type { ContractClient } from './test-app';

export type RegionLoad = Schemas['RegionLoadResult'];

/**
 * DESIGN.md's three-party example as a region: central banks A, B, C, each with one bank and one
 * merchant, in currencies whose reference rates are round numbers so the settlement-asset legs are exact
 * (KES 100, GHS 10, NGN 1000 per USD). No spread and no fee: every leg is the plain converted amount.
 * Opening balances A = 25, B = 0, C = 25 by default — the case DESIGN says gridlocks gross settlement.
 */
export function threePartyRegion(
  prefunded: { A: string; B: string; C: string } = { A: '25.00', B: '0.00', C: '25.00' },
): Schemas['RegionDefinition'] {
  const bank = (code: 'A' | 'B' | 'C', country: string, currency: string) => ({
    code,
    name: `Central bank ${code}`,
    country,
    currency,
    prefunded_balance: prefunded[code],
    net_debit_cap: '1000.00',
    participants: [
      {
        code: `${code}-BANK`,
        name: `Bank of ${code}`,
        kind: 'bank' as const,
        merchants: [{ code: `${code}-SHOP`, name: `Shop in ${code}` }],
      },
    ],
  });
  return {
    name: 'Three-party example',
    settlement_asset: 'USD',
    settlement_cycle_seconds: null,
    fx_spread_bps: '0',
    fee_bps: '0',
    central_banks: [bank('A', 'KE', 'KES'), bank('B', 'GH', 'GHS'), bank('C', 'NG', 'NGN')],
    fx_rates: [
      { currency: 'KES', rate: '100' },
      { currency: 'GHS', rate: '10' },
      { currency: 'NGN', rate: '1000' },
    ],
  };
}

export async function loadRegion(api: ContractClient, operatorKey: string, definition: Schemas['RegionDefinition']): Promise<RegionLoad> {
  const res = await api.post('/v1/regions', operatorKey, definition);
  if (res.status !== 201) throw new Error(`region load failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RegionLoad;
}

/** Ids and keys of a loaded region, by code. */
export function regionIndex(region: RegionLoad) {
  const byCode = <T extends { code: string }>(items: T[]) => new Map(items.map((i) => [i.code, i]));
  const keyOf = (code: string | null) => region.api_keys.find((k) => k.subject_code === code)?.key ?? '';
  return {
    regionId: region.region.id,
    bank: byCode(region.central_banks),
    participant: byCode(region.participants),
    merchant: byCode(region.merchants),
    operatorKey: region.api_keys.find((k) => k.role === 'operator')!.key,
    keyOf,
  };
}

let keyCounter = 0;
/** A fresh idempotency key per call. */
export function idempotencyKey(): Record<string, string> {
  keyCounter += 1;
  return { 'Idempotency-Key': `test-${process.pid}-${Date.now()}-${keyCounter}` };
}

/** Pays `amount` (merchant currency) from payer participant to merchant, captured automatically. */
export async function pay(
  api: ContractClient,
  key: string,
  payload: {
    merchant_id?: string;
    payer_participant_id: string;
    amount: string;
    currency: string;
    capture_method?: 'automatic' | 'manual';
  },
): Promise<Schemas['Payment']> {
  const res = await api.post('/v1/payments', key, payload, idempotencyKey());
  if (res.status !== 201) throw new Error(`payment failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Schemas['Payment'];
}
