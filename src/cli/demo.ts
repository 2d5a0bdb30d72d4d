import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findProjectRoot } from '../adapters/prisma/migrator';
import { type CorridorClient, type CorridorSchemas, createCorridorClient } from '../client';
import { Decimal, formatAmount, roundToCurrency } from '../core/money';
import { SeededRandom } from '../core/workload';

type Schemas = CorridorSchemas;

export interface DemoOptions {
  baseUrl: string;
  operatorKey: string;
  payments?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface DemoResult {
  region: Schemas['Region'];
  /** Region keys, printed once: only the first load of the demo region issues them. */
  apiKeys: Schemas['RegionLoadResult']['api_keys'] | null;
  payments: Schemas['Payment'][];
  refunds: Schemas['Refund'][];
  window: Schemas['SettlementWindow'];
  positions: Schemas['WindowPositions'];
}

export const DEMO_REGION_FILE = path.join('examples', 'regions', 'demo-region.json');

/**
 * The Quick start's workload, sent through the public HTTP API with the typed client: load the demo
 * region (once — a restarted sandbox reuses it), take a few dozen quoted cross-border payments and some
 * refunds, close the open window and read back its net positions. Deterministic for a given seed.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const api = createCorridorClient(options.baseUrl, options.operatorKey);
  const definition = JSON.parse(await readFile(path.join(findProjectRoot(), DEMO_REGION_FILE), 'utf8')) as Schemas['RegionDefinition'];

  const existing = (await must(api.GET('/v1/regions', { params: { query: { limit: 100 } } }))).data.find((r) => r.name === definition.name);
  let region: Schemas['Region'];
  let apiKeys: DemoResult['apiKeys'] = null;
  if (existing) {
    region = existing;
    log(`Reusing the demo region ${region.id} (npm run db:reset starts afresh).`);
  } else {
    const loaded = await must(api.POST('/v1/regions', { body: definition }));
    region = loaded.region;
    apiKeys = loaded.api_keys;
    log(
      `Loaded region ${region.id}: ${loaded.central_banks.length} central banks, ${loaded.participants.length} participants, ${loaded.merchants.length} merchants.`,
    );
  }

  const query = { region_id: region.id, limit: 100 };
  const [merchants, participants, rates] = await Promise.all([
    must(api.GET('/v1/merchants', { params: { query } })),
    must(api.GET('/v1/participants', { params: { query } })),
    must(api.GET('/v1/fx-rates', { params: { query: { region_id: region.id } } })),
  ]);
  const rateOf = new Map(rates.data.map((r) => [r.currency, new Decimal(r.rate)]));
  const random = new SeededRandom(options.seed ?? 2026);
  const count = options.payments ?? 36;
  const runTag = Date.now().toString(36);
  const payments: Schemas['Payment'][] = [];
  const refunds: Schemas['Refund'][] = [];

  for (let i = 0; i < count; i += 1) {
    const merchant = random.pick(merchants.data);
    // Mostly cross-border, as in a regional e-commerce corridor; one in six is domestic.
    const domestic = random.int(1, 6) === 1;
    const payers = participants.data.filter((p) => (p.central_bank_id === merchant.central_bank_id) === domestic);
    const payer = random.pick(payers);
    // Basket values between 5 and 400 US dollars, priced in the merchant's currency.
    const usd = new Decimal(random.int(500, 40_000)).div(100);
    const amount = formatAmount(roundToCurrency(usd.mul(rateOf.get(merchant.currency) ?? 1), merchant.currency), merchant.currency);
    const quote = await must(
      api.POST('/v1/quotes', { body: { merchant_id: merchant.id, payer_participant_id: payer.id, amount, currency: merchant.currency } }),
    );
    const payment = await must(
      api.POST('/v1/payments', {
        params: { header: { 'Idempotency-Key': `demo-${runTag}-${i}` } },
        body: { quote_id: quote.id, capture_method: 'automatic', reference: `order-${i + 1}` },
      }),
    );
    payments.push(payment);
    if (i % 9 === 8) {
      const half = formatAmount(roundToCurrency(new Decimal(payment.amount).div(2), payment.currency), payment.currency);
      refunds.push(
        await must(
          api.POST('/v1/payments/{payment_id}/refunds', {
            params: { path: { payment_id: payment.id }, header: { 'Idempotency-Key': `demo-${runTag}-refund-${i}` } },
            body: { amount: half, reason: 'customer returned part of the order' },
          }),
        ),
      );
    }
  }
  log(`Sent ${payments.length} payments and ${refunds.length} partial refunds.`);
  log(`Best FX offers won by: ${describeProviders(payments)}.`);

  const open = await must(api.GET('/v1/settlement-windows', { params: { query: { region_id: region.id, status: 'open', limit: 1 } } }));
  const openWindow = open.data[0];
  if (!openWindow) throw new Error(`Region ${region.id} has no open settlement window`);
  const window = await must(api.POST('/v1/settlement-windows/{window_id}/close', { params: { path: { window_id: openWindow.id } } }));
  const positions = await must(api.GET('/v1/settlement-windows/{window_id}/positions', { params: { path: { window_id: window.id } } }));
  return { region, apiKeys, payments, refunds, window, positions };
}

/** How many payments each FX provider priced, e.g. "Pan-African FX 12, East-West Remit FX 18, none (same currency) 6". */
function describeProviders(payments: readonly Schemas['Payment'][]): string {
  const counts = new Map<string, number>();
  for (const payment of payments) {
    const name = payment.fx_provider?.name ?? 'none (same currency)';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => `${name} ${count}`).join(', ');
}

/** The positions of a window as the plain-text tables the Quick start prints. */
export function formatPositions(result: Pick<DemoResult, 'window' | 'positions'>): string {
  const { window, positions } = result;
  const regional = table(
    ['Central bank', 'Sent', 'Received', `Net (${positions.settlement_asset})`],
    positions.central_banks.map((p) => [p.central_bank_code, p.sent, p.received, p.net]),
  );
  const domestic = table(
    ['Participant', 'Currency', 'Sent', 'Received', 'Net'],
    positions.participants.map((p) => [p.participant_code, p.currency, p.sent, p.received, p.net]),
  );
  const totals = window.totals
    ? `gross ${window.totals.gross} ${positions.settlement_asset}, multilateral net ${window.totals.multilateral_net}, netting efficiency ${(Number(window.totals.netting_efficiency) * 100).toFixed(2)} %`
    : '';
  const unwound = window.unwound_payment_ids.length > 0 ? `\nUnwound for lack of liquidity: ${window.unwound_payment_ids.join(', ')}` : '';
  return [
    `Settlement window ${window.number} (${window.id}) is ${window.status}: ${totals}${unwound}`,
    '',
    'Regional tier — multilateral net positions of the central banks:',
    regional,
    '',
    'Domestic tier — net positions of the participants at their central banks:',
    domestic,
  ].join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The body of a successful call, or an error carrying the problem the API answered with. */
async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (data === undefined || error !== undefined) {
    throw new Error(`${response.status} from ${response.url}: ${JSON.stringify(error)}`);
  }
  return data;
}

export type { CorridorClient };
