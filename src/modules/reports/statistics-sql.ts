import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../shared/persistence';

/**
 * The statistics' SQL: every figure is a GROUP BY in PostgreSQL, so a region with hundreds of
 * thousands of payments costs a few scans, never its rows in Node. Amounts come back as NUMERIC text.
 */
export type Period = 'day' | 'week' | 'month';

export interface Range {
  regionId: string;
  from: Date;
  to: Date;
}

export interface CorridorRow {
  period_start: string;
  payer_country: string;
  merchant_country: string;
  payment_count: number;
  payment_value: string;
  /** Σ (payer_amount / r_payer − settlement_amount), in the settlement asset */
  payer_cost: string;
  refund_count: number;
  refund_value: string;
}

/**
 * Per corridor and period: captured payments (by `captured_at`; unwound ones have status `failed` and
 * are left out) and refunds that did not fail (by `created_at`), each in its payment's corridor.
 */
export function corridorRows(db: Db, range: Range, period: Period): Promise<CorridorRow[]> {
  const { regionId, from, to } = range;
  return db.$queryRaw<CorridorRow[]>`
    WITH paid AS (
      SELECT date_trunc(${period}, p.captured_at AT TIME ZONE 'UTC')::date AS period_start,
             pb.country AS payer_country, mb.country AS merchant_country,
             COUNT(*) AS payment_count,
             SUM(p.settlement_amount) AS payment_value,
             SUM(p.payer_amount / COALESCE(r.rate, 1) - p.settlement_amount) AS payer_cost
      FROM payments p
      JOIN central_banks pb ON pb.id = p.payer_central_bank_id
      JOIN central_banks mb ON mb.id = p.merchant_central_bank_id
      LEFT JOIN fx_rates r ON r.region_id = p.region_id AND r.currency = p.payer_currency
      WHERE p.region_id = ${regionId} AND p.status IN ('captured', 'settled')
        AND p.captured_at >= ${from} AND p.captured_at < ${to}
      GROUP BY 1, 2, 3
    ), refunded AS (
      SELECT date_trunc(${period}, f.created_at AT TIME ZONE 'UTC')::date AS period_start,
             pb.country AS payer_country, mb.country AS merchant_country,
             COUNT(*) AS refund_count,
             SUM(f.settlement_amount) AS refund_value
      FROM refunds f
      JOIN payments p ON p.id = f.payment_id
      JOIN central_banks pb ON pb.id = p.payer_central_bank_id
      JOIN central_banks mb ON mb.id = p.merchant_central_bank_id
      WHERE p.region_id = ${regionId} AND f.status IN ('pending', 'settled')
        AND f.created_at >= ${from} AND f.created_at < ${to}
      GROUP BY 1, 2, 3
    )
    SELECT COALESCE(a.period_start, b.period_start)::text AS period_start,
           COALESCE(a.payer_country, b.payer_country) AS payer_country,
           COALESCE(a.merchant_country, b.merchant_country) AS merchant_country,
           COALESCE(a.payment_count, 0)::int AS payment_count,
           COALESCE(a.payment_value, 0)::text AS payment_value,
           COALESCE(a.payer_cost, 0)::text AS payer_cost,
           COALESCE(b.refund_count, 0)::int AS refund_count,
           COALESCE(b.refund_value, 0)::text AS refund_value
    FROM paid a
    FULL OUTER JOIN refunded b
      ON a.period_start = b.period_start AND a.payer_country = b.payer_country AND a.merchant_country = b.merchant_country
    ORDER BY 1, 2, 3`;
}

export interface WindowRow {
  id: string;
  number: number;
  settlement_rule: string | null;
  closed_at: Date;
  settled_at: Date;
  gross: string;
  multilateral_net: string;
  netting_efficiency: string;
  liquidity_used: string;
  payment_count: number;
  refund_count: number;
}

/** Settled windows that closed in the range, newest first, after the cursor (a window id) if given. */
export function windowRows(db: Db, range: Range, page: { limit: number; startingAfter?: string }): Promise<WindowRow[]> {
  const { regionId, from, to } = range;
  const after = page.startingAfter === undefined ? Prisma.empty : Prisma.sql`AND w.id < ${page.startingAfter}`;
  return db.$queryRaw<WindowRow[]>`
    WITH ws AS (
      SELECT * FROM settlement_windows w
      WHERE w.region_id = ${regionId} AND w.status = 'settled' AND w.closed_at >= ${from} AND w.closed_at < ${to} ${after}
      ORDER BY w.id DESC
      LIMIT ${page.limit}
    )
    SELECT ws.id, ws.number, ws.settlement_rule, ws.closed_at, ws.settled_at,
           COALESCE(ws.gross_value, 0)::text AS gross,
           COALESCE(ws.multilateral_net, 0)::text AS multilateral_net,
           COALESCE(ws.netting_efficiency, 0)::text AS netting_efficiency,
           COALESCE(np.liquidity_used, 0)::text AS liquidity_used,
           COALESCE(p.n, 0)::int AS payment_count,
           COALESCE(f.n, 0)::int AS refund_count
    FROM ws
    LEFT JOIN (
      SELECT window_id, SUM(-net) AS liquidity_used FROM net_positions
      WHERE window_id IN (SELECT id FROM ws) AND tier = 'regional' AND net < 0 GROUP BY window_id
    ) np ON np.window_id = ws.id
    LEFT JOIN (
      SELECT window_id, COUNT(*) AS n FROM payments
      WHERE window_id IN (SELECT id FROM ws) AND status IN ('captured', 'settled') GROUP BY window_id
    ) p ON p.window_id = ws.id
    LEFT JOIN (
      SELECT window_id, COUNT(*) AS n FROM refunds
      WHERE window_id IN (SELECT id FROM ws) AND status IN ('pending', 'settled') GROUP BY window_id
    ) f ON f.window_id = ws.id
    ORDER BY ws.id DESC`;
}

export interface MemberRow {
  central_bank_id: string;
  central_bank_code: string;
  country: string;
  sent: string;
  received: string;
  net_debit_total: string;
  net_debit_max: string;
  debtor_windows: number;
}

/** Per central bank of the region, over its regional positions in the settled windows of the range. */
export async function memberRows(db: Db, range: Range): Promise<{ windowCount: number; members: MemberRow[] }> {
  const { regionId, from, to } = range;
  const inRange = Prisma.sql`
    SELECT id FROM settlement_windows
    WHERE region_id = ${regionId} AND status = 'settled' AND closed_at >= ${from} AND closed_at < ${to}`;
  const [counted, members] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM (${inRange}) ws`,
    db.$queryRaw<MemberRow[]>`
      SELECT cb.id AS central_bank_id, cb.code AS central_bank_code, cb.country,
             COALESCE(SUM(np.sent), 0)::text AS sent,
             COALESCE(SUM(np.received), 0)::text AS received,
             COALESCE(SUM(GREATEST(-np.net, 0)), 0)::text AS net_debit_total,
             COALESCE(MAX(GREATEST(-np.net, 0)), 0)::text AS net_debit_max,
             COUNT(np.window_id) FILTER (WHERE np.net < 0)::int AS debtor_windows
      FROM central_banks cb
      LEFT JOIN net_positions np
        ON np.party_id = cb.id AND np.tier = 'regional' AND np.window_id IN (${inRange})
      WHERE cb.region_id = ${regionId}
      GROUP BY cb.id, cb.code, cb.country
      ORDER BY cb.code`,
  ]);
  return { windowCount: counted[0]?.n ?? 0, members };
}
