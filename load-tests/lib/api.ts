import { type CorridorClient, type CorridorSchemas, createCorridorClient } from '../../src/client';

export type Schemas = CorridorSchemas;
export type { CorridorClient };

/** The typed API client for setup and checks (the load itself goes through autocannon). */
export function apiClient(baseUrl: string, key: string): CorridorClient {
  return createCorridorClient(baseUrl.replace(/\/+$/, ''), key);
}

/** The body of a successful call, or an error naming the status and the problem the API answered. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (data === undefined || error !== undefined) {
    throw new Error(`${response.status} from ${response.url}: ${JSON.stringify(error)}`);
  }
  return data;
}

/** Every payment of a region, walking the list page by page. */
export async function listRegionPayments(api: CorridorClient, regionId: string): Promise<Schemas['Payment'][]> {
  const payments: Schemas['Payment'][] = [];
  let cursor: string | null = null;
  do {
    const query: { region_id: string; limit: number; starting_after?: string } = { region_id: regionId, limit: 100 };
    if (cursor) query.starting_after = cursor;
    const page: Schemas['PaymentList'] = await must(api.GET('/v1/payments', { params: { query } }));
    payments.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return payments;
}

/** Every settlement window of a region, newest first. */
export async function listRegionWindows(api: CorridorClient, regionId: string): Promise<Schemas['SettlementWindow'][]> {
  const windows: Schemas['SettlementWindow'][] = [];
  let cursor: string | null = null;
  do {
    const query: { region_id: string; limit: number; starting_after?: string } = { region_id: regionId, limit: 100 };
    if (cursor) query.starting_after = cursor;
    const page: Schemas['SettlementWindowList'] = await must(api.GET('/v1/settlement-windows', { params: { query } }));
    windows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return windows;
}

/** Closes the region's open window and runs it to the end; the settled (or failed) window. */
export async function closeOpenWindow(api: CorridorClient, regionId: string): Promise<Schemas['SettlementWindow']> {
  const open = await must(api.GET('/v1/settlement-windows', { params: { query: { region_id: regionId, status: 'open', limit: 1 } } }));
  const window = open.data[0];
  if (!window) throw new Error(`region ${regionId} has no open settlement window`);
  return must(api.POST('/v1/settlement-windows/{window_id}/close', { params: { path: { window_id: window.id } } }));
}
