import { Inject, Injectable } from '@nestjs/common';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { Decimal } from '../../../../core/money';
import { captureObligations, type TierObligation } from '../../../../core/payments';
import { sandboxNow } from '../../../../core/time';
import { Prisma, type Payment } from '../../../../generated/prisma/client';
import type { Principal } from '../../../access/principal';
import { outboxQueries } from '../../../events/event-outbox';
import {
  answerFromRecord,
  findStoredAnswer,
  type IdempotentRequest,
  type RecordedResponse,
  recordedClientError,
  type StoredAnswer,
} from '../../../idempotency/idempotent-executor';
import {
  merchantIdFor,
  type PricingMerchant,
  type PricingPayer,
  type PricingReference,
  type PricingRegion,
  QuotePricer,
  type ReferenceRows,
  withClocks,
} from '../../../quotes/quote-pricer';
import { capsApply, refuseSuspendedParties } from '../../../liquidity/liquidity-guard';
import { ObligationRecorder, obligationRows } from '../../../settlement/obligation-recorder';
import { type BulkColumn, type InsertRows, insertStatement, JsonText } from '../../../shared/bulk-insert';
import { forcedFailure } from '../../../shared/forced-failures';
import type { Settled } from '../../../shared/group-commit';
import { newId } from '../../../shared/ids';
import { type Db, isUniqueViolation, PRISMA, SQL, type SqlClient, type Tx } from '../../../shared/persistence';
import { PaymentAuthorizedEvent, PaymentCapturedEvent } from '../../events/payment-events';
import { paymentLegs } from '../../payment-legs';
import { type PaymentRegionView, presentPayment } from '../../payment.presenter';
import type { CreatePaymentCommand } from './create-payment.command';

type PaymentRequest = Schemas['PaymentRequest'];
type WirePayment = Schemas['Payment'];

/** What one payment creation came to: its answer, and the event to publish once it is committed. */
export interface PaymentCreated {
  response: RecordedResponse<WirePayment>;
  event?: PaymentAuthorizedEvent | PaymentCapturedEvent;
}

/** Who a payment is between, and what it needs of its region (see `partiesOf`). */
interface Parties {
  regionId: string;
  settlementAsset: string;
  /** What presenting the payment needs from its region. */
  regionView: PaymentRegionView;
  clockOffsetMs: bigint;
  authorizationTtlSeconds: number;
  merchantId: string;
  merchantParticipantId: string;
  merchantCentralBankId: string;
  payerParticipantId: string;
  payerCentralBankId: string;
}

/**
 * The priced terms of a payment, whether they come from a quote or are priced now. Amounts stay the
 * pricing's own `Decimal`s into the payment, with no round trip through text.
 */
interface Terms {
  parties: Parties;
  quoteId: string | null;
  amount: Decimal;
  currency: string;
  payerPrincipal: Decimal;
  fee: Decimal;
  payerAmount: Decimal;
  payerCurrency: string;
  settlementAmount: Decimal;
  rate: Decimal;
  fxProviderId: string | null;
}

/** A new payment of the batch, built in memory; the window is filled in once the open windows are locked. */
interface NewPayment {
  index: number;
  payment: Payment;
  regionView: PaymentRegionView;
  obligations: TierObligation[];
  eventType: 'payment.declined' | 'payment.captured' | 'payment.authorized';
  /** Its outbox event, which also holds the answer its idempotency record replays. */
  eventId: string;
}

/** What each command of a batch turns into before anything is written. */
type Plan =
  | { kind: 'new'; created: NewPayment }
  /** Broke a business rule: its problem is recorded for the key and raised to this caller. */
  | { kind: 'refused'; error: unknown; stored: StoredAnswer }
  /** The key already has an answer (stored earlier, or from an earlier command of this batch). */
  | { kind: 'replay'; stored: StoredAnswer };

/** A quote as the batch reads it: amounts as exact decimal strings, and whether a payment has used it. */
interface QuoteTerms {
  id: string;
  region_id: string;
  merchant_id: string;
  payer_participant_id: string;
  merchant_amount: string;
  merchant_currency: string;
  payer_principal: string;
  fee: string;
  payer_amount: string;
  payer_currency: string;
  settlement_amount: string;
  rate: string;
  fx_provider_id: string | null;
  expires_at: string;
  used: boolean;
}

/** What the batch needs to know of each of its regions besides pricing. */
interface RegionState {
  clock_offset_ms: string;
  /** The open window (not locked by the read); null while a close hands over to the next. */
  window_id: string | null;
  /** The open window's settlement rule, or the region's when the window has none. */
  rule: string;
  /** Whether any of its central banks has a headroom alert threshold. */
  alerting: boolean;
  suspensions: { id: string; party: string }[];
}

/** Everything a batch reads before it decides, in one statement. */
interface BatchContext {
  answers: ReadonlyMap<string, StoredAnswer>;
  quotes: ReadonlyMap<string, QuoteTerms>;
  reference: PricingReference;
  regions: ReadonlyMap<string, RegionState>;
  /** Regions as this process last read them, not read for this batch: its write must check they still hold. */
  remembered: boolean;
}

/** The rows a batch writes and the answers they give, once its new payments have their windows. */
interface Written {
  plans: Plan[];
  created: NewPayment[];
  /** Each new payment's body, by command index, and its JSON text: the event's data and the HTTP answer. */
  bodies: Map<number, { body: WirePayment; json: JsonText }>;
  /** Each key's answer; a new payment's is its outbox event (`eventId`), whose data is the same body. */
  records: { request: IdempotentRequest; stored: StoredAnswer; eventId?: string }[];
}

/** Reads of a batch before the write: at most this many when a window keeps closing between read and write. */
const UNLOCKED_ATTEMPTS = 3;

/** Regions whose last-read state a process keeps for batches that skip the read. */
const REGIONS_REMEMBERED = 10_000;

/**
 * Creates payments in batches: however many payment requests arrived together (see `GroupCommit`) are
 * written by one statement. The batch reads everything it needs in one statement (`CONTEXT_SQL`: stored
 * answers of its idempotency keys, its quotes, and its regions' clocks, open windows, settlement rules
 * and suspensions), prices and builds every payment and its obligations in memory with the pure core,
 * then inserts obligations, payments, outbox events and idempotency records with one multi-row
 * `INSERT` each (`insertStatement`), joined in one `WITH`: two round trips on the database driver,
 * however many payments — one when the process has read the batch's regions before and the batch has
 * no quote (`rememberedContext`: the insert checks that what it remembered still holds). That write
 * share-locks the open windows it writes into and inserts nothing if one of them closed since the read,
 * so a close sees every obligation of its window or none of the batch's; the batch then reads again. A
 * batch that touches a region where liquidity needs locks (net debit caps under the gross and LSM
 * rules, headroom alerts) is written in a transaction instead, with the liquidity guard's locks and
 * checks before the same insert statement.
 *
 * A request that breaks a business rule gets its own problem (recorded for its key) without failing
 * the others. If the write itself fails — another process used the same idempotency key or quote at
 * the same moment — each request of the batch runs again alone, so each gets its own correct answer.
 */
@Injectable()
export class PaymentCreationBatch {
  /** Each region's state as this process last read it (see `rememberedContext`); bounded like the pricer's rows. */
  private readonly regionsRead = new Map<string, RegionState>();

  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(SQL) private readonly sql: SqlClient,
    private readonly pricer: QuotePricer,
    private readonly obligations: ObligationRecorder,
  ) {}

  async write(commands: readonly CreatePaymentCommand[]): Promise<Settled<PaymentCreated>[]> {
    try {
      return await this.writeTogether(commands);
    } catch (error) {
      if (commands.length === 1) return [await this.afterFailure(commands[0]!, error)];
      const outcomes: Settled<PaymentCreated>[] = [];
      for (const command of commands) outcomes.push(await this.write([command]).then((o) => o[0]!));
      return outcomes;
    }
  }

  /**
   * A lone request whose write failed. A unique violation means a concurrent request (in another
   * batch or process) committed first: with the same key, its answer is this one's; otherwise it took
   * the quote. A business rule broken while writing (a net debit cap, a suspension) is recorded for the
   * key like any other refusal. Anything else is a server error, not recorded, so a retry may succeed.
   */
  private async afterFailure(command: CreatePaymentCommand, error: unknown): Promise<Settled<PaymentCreated>> {
    const { idempotency, request } = command;
    try {
      if (isUniqueViolation(error)) {
        const winner = await findStoredAnswer(this.db, idempotency);
        if (winner) return { ok: true, value: { response: answerFromRecord<WirePayment>(idempotency, winner) } };
        if (!('quote_id' in request)) return { ok: false, error };
        error = quoteAlreadyUsed(request.quote_id);
      }
      const recorded = recordedClientError(error);
      if (recorded) {
        await this.db.idempotencyRecord.createMany({
          data: [
            { ...keyOf(idempotency), responseStatus: recorded.status, responseBody: recorded.body as unknown as Prisma.InputJsonObject },
          ],
          // A concurrent request with the same key may have recorded its answer first; that one stands.
          skipDuplicates: true,
        });
      }
      return { ok: false, error };
    } catch (lookupError) {
      return { ok: false, error: lookupError };
    }
  }

  /** Two statements on the driver when no region of the batch needs liquidity locks; a locking transaction otherwise. */
  private async writeTogether(commands: readonly CreatePaymentCommand[]): Promise<Settled<PaymentCreated>[]> {
    let remembered = await this.rememberedContext(commands);
    for (let reads = 0; remembered !== null || reads < UNLOCKED_ATTEMPTS;) {
      let context: BatchContext;
      if (remembered === null) {
        context = await this.readContext(this.sql, commands);
        reads += 1;
      } else {
        context = remembered;
        remembered = null;
      }
      const plans = this.plan(commands, context);
      const regionIds = regionsWritten(plans);
      if (!regionIds.every((id) => unlockedWriteFits(context.regions.get(id)!))) break;
      const windows = new Map(regionIds.map((id) => [id, context.regions.get(id)!.window_id!]));
      const written = writtenRows(commands, plans, windows);
      // Replays alone write nothing.
      if (written.records.length === 0) return answers(commands, written);
      const assumed = context.remembered ? { commands, regions: context.regions } : null;
      const [row] = await this.sql.query<{ ok: boolean }>(...insertAll(written, [...windows.values()], assumed));
      if (row!.ok) return answers(commands, written);
      // A window closed, or what the batch took from memory no longer holds: nothing was written; read again.
    }
    return this.writeLocked(commands);
  }

  /**
   * The batch's context without reading it, when this process has read its regions before: nothing
   * is stored yet for its keys (new keys are the rule), its merchants' regions as last read. Only for
   * payments priced now (a quote must be read); the write checks all of it (`insertAll`'s assumptions)
   * and writes nothing if any of it changed, and the batch then reads.
   */
  private async rememberedContext(commands: readonly CreatePaymentCommand[]): Promise<BatchContext | null> {
    const merchantIds = new Set<string>();
    const payerIds = new Set<string>();
    for (const { principal, request } of commands) {
      if ('quote_id' in request) return null;
      try {
        merchantIds.add(merchantIdFor(principal, request.merchant_id));
      } catch {
        return null;
      }
      payerIds.add(request.payer_participant_id);
    }
    const rows = await this.pricer.referenceRows(this.db, [...merchantIds], [...payerIds]);
    const regions = new Map<string, RegionState>();
    for (const id of merchantIds) {
      const regionId = rows.merchants.get(id)?.regionId;
      const state = regionId === undefined ? undefined : this.regionsRead.get(regionId);
      if (state === undefined) return null;
      regions.set(regionId!, state);
    }
    return {
      answers: new Map(),
      quotes: new Map(),
      reference: atRegionClocks(rows, regions),
      regions,
      remembered: true,
    };
  }

  /**
   * The batch in one transaction with the liquidity guard: open windows share-locked (waiting out a
   * close), suspensions, net debit caps and headroom alerts checked under the central banks' locks.
   */
  private writeLocked(commands: readonly CreatePaymentCommand[]): Promise<Settled<PaymentCreated>[]> {
    return this.db.$transaction(async (tx) => {
      const sql = transactionSql(tx);
      const plans = this.plan(commands, await this.readContext(sql, commands));
      const captures = plans.flatMap((p) =>
        p.kind === 'new' && p.created.obligations.length > 0
          ? [{ regionId: p.created.payment.regionId, obligations: p.created.obligations, at: p.created.payment.createdAt }]
          : [],
      );
      const windows = await this.obligations.admit(tx, captures);
      const written = writtenRows(commands, plans, windows);
      if (written.records.length > 0) await sql.query(...insertAll(written, null));
      return answers(commands, written);
    });
  }

  /** One statement for the batch's stored answers, quotes and regions; reference rows from memory (see `QuotePricer`). */
  private async readContext(sql: SqlClient, commands: readonly CreatePaymentCommand[]): Promise<BatchContext> {
    const quoteIds = new Set<string>();
    const merchantIds = new Set<string>();
    const payerIds = new Set<string>();
    for (const { principal, request } of commands) {
      if ('quote_id' in request) {
        quoteIds.add(request.quote_id);
        continue;
      }
      try {
        merchantIds.add(merchantIdFor(principal, request.merchant_id));
        payerIds.add(request.payer_participant_id);
      } catch {
        // The command is refused when it is priced.
      }
    }
    const [row] = await sql.query<{ answers: StoredRow[]; quotes: QuoteTerms[]; regions: (RegionState & { id: string })[] }>(CONTEXT_SQL, [
      commands.map((c) => c.idempotency.scope),
      commands.map((c) => c.idempotency.key),
      [...quoteIds],
      [...merchantIds],
    ]);
    const quotes = new Map(row!.quotes.map((q) => [q.id, q]));
    for (const quote of quotes.values()) {
      merchantIds.add(quote.merchant_id);
      payerIds.add(quote.payer_participant_id);
    }
    const regions = new Map(row!.regions.map((r) => [r.id, r]));
    if (this.regionsRead.size >= REGIONS_REMEMBERED) this.regionsRead.clear();
    for (const [id, region] of regions) this.regionsRead.set(id, region);
    const rows = await this.pricer.referenceRows(this.db, [...merchantIds], [...payerIds]);
    return {
      answers: new Map(row!.answers.map((a) => [scopedKey(a), storedAnswerOf(a)])),
      quotes,
      reference: atRegionClocks(rows, regions),
      regions,
      remembered: false,
    };
  }

  /** Decides each command's fate in memory, from what the batch read. */
  private plan(commands: readonly CreatePaymentCommand[], context: BatchContext): Plan[] {
    const usedQuotes = new Set([...context.quotes.values()].filter((q) => q.used).map((q) => q.id));
    const keysInBatch = new Set<string>();
    return commands.map((command, index): Plan => {
      const key = scopedKey(command.idempotency);
      const stored = context.answers.get(key);
      if (stored) return { kind: 'replay', stored };
      if (keysInBatch.has(key)) {
        // A concurrent duplicate: it gets the answer of the first command with this key, once known.
        return { kind: 'replay', stored: { requestHash: '', responseStatus: 0, responseBody: PENDING } };
      }
      keysInBatch.add(key);
      try {
        const terms =
          'quote_id' in command.request
            ? termsOfQuote(command.principal, command.request.quote_id, context.quotes, usedQuotes, context.reference)
            : this.priceNow(command.principal, command.request, context.reference);
        const created = newPayment(index, command.request, terms);
        const region = context.regions.get(terms.parties.regionId)!;
        refuseSuspendedParties(created.obligations, new Map(region.suspensions.map((s) => [s.party, s.id])));
        if (terms.quoteId) usedQuotes.add(terms.quoteId);
        return { kind: 'new', created };
      } catch (error) {
        const recorded = recordedClientError(error);
        if (!recorded) throw error;
        return {
          kind: 'refused',
          error,
          stored: { requestHash: command.idempotency.requestHash, responseStatus: recorded.status, responseBody: recorded.body },
        };
      }
    });
  }

  private priceNow(
    principal: Principal,
    request: Extract<PaymentRequest, { payer_participant_id: string }>,
    reference: PricingReference,
  ): Terms {
    const { region, merchant, payer, price, fxProvider } = this.pricer.priceWith(reference, principal, {
      merchantId: request.merchant_id,
      payerParticipantId: request.payer_participant_id,
      amount: request.amount,
      currency: request.currency,
    });
    return {
      parties: partiesOf(region, merchant, payer),
      quoteId: null,
      amount: price.merchantAmount,
      currency: price.merchantCurrency,
      payerPrincipal: price.payerPrincipal,
      fee: price.fee,
      payerAmount: price.payerAmount,
      payerCurrency: price.payerCurrency,
      settlementAmount: price.settlementAmount,
      rate: price.rate,
      fxProviderId: fxProvider?.id ?? null,
    };
  }
}

/**
 * The batch's reads: $1/$2 its idempotency scopes and keys, $3 its quotes, $4 the merchants of its
 * payments priced now. Regions are those of the merchants and quotes. One row of `json` columns, so
 * the PostgreSQL driver and PGlite (through Prisma) return the same thing: amounts as text, never a float.
 */
const CONTEXT_SQL = `
WITH batch_quotes AS (
  SELECT q.* FROM unnest($3::text[]) AS i(id) CROSS JOIN LATERAL (SELECT * FROM quotes WHERE quotes.id = i.id OFFSET 0) AS q
), batch_regions AS (
  SELECT region_id FROM merchants WHERE id = ANY($4::text[]) UNION SELECT region_id FROM batch_quotes
)
SELECT
  (SELECT coalesce(json_agg(json_build_object(
      'scope', r.scope, 'key', r.key, 'request_hash', r.request_hash, 'response_status', r.response_status,
      'response_body', coalesce(r.response_body, (SELECT e.data FROM events e WHERE e.id = r.response_event_id)))), '[]'::json)
     FROM unnest($1::text[], $2::text[]) AS k(scope, key)
     CROSS JOIN LATERAL (SELECT * FROM idempotency_records WHERE scope = k.scope AND key = k.key OFFSET 0) AS r
  ) AS answers,
  (SELECT coalesce(json_agg(json_build_object(
      'id', q.id, 'region_id', q.region_id, 'merchant_id', q.merchant_id, 'payer_participant_id', q.payer_participant_id,
      'merchant_amount', q.merchant_amount::text, 'merchant_currency', q.merchant_currency,
      'payer_principal', q.payer_principal::text, 'fee', q.fee::text, 'payer_amount', q.payer_amount::text,
      'payer_currency', q.payer_currency, 'settlement_amount', q.settlement_amount::text, 'rate', q.rate::text,
      'fx_provider_id', q.fx_provider_id, 'expires_at', q.expires_at,
      'used', EXISTS (SELECT 1 FROM payments p WHERE p.quote_id = q.id OFFSET 0))), '[]'::json)
     FROM batch_quotes q
  ) AS quotes,
  (SELECT coalesce(json_agg(json_build_object(
      'id', g.id, 'clock_offset_ms', g.clock_offset_ms::text, 'window_id', w.id,
      'rule', coalesce(w.settlement_model->>'rule', g.settlement_rule::text),
      'alerting', EXISTS (SELECT 1 FROM central_banks b WHERE b.region_id = g.id AND b.headroom_alert_threshold IS NOT NULL),
      'suspensions', (SELECT coalesce(json_agg(json_build_object('id', f.id, 'party', coalesce(f.participant_id, f.central_bank_id))), '[]'::json)
                        FROM faults f WHERE f.region_id = g.id AND f.kind = 'suspension' AND f.status = 'active'))), '[]'::json)
     FROM regions g LEFT JOIN settlement_windows w ON w.region_id = g.id AND w.status = 'open'
    WHERE g.id IN (SELECT region_id FROM batch_regions)
  ) AS regions`;

/** What a batch took from memory instead of reading (see `rememberedContext`). */
interface Assumptions {
  commands: readonly CreatePaymentCommand[];
  regions: ReadonlyMap<string, RegionState>;
}

/** Suspension ids as one comparable text, in the order the database's check writes them. */
function suspensionList(ids: readonly string[]): string {
  return [...ids].sort().join(',');
}

/**
 * The write's check of a batch that did not read (`$2`/`$3` its idempotency scopes and keys, `$4` its
 * regions as remembered): none of its keys has an answer yet, and each region still has that test
 * clock, settlement rule, headroom alerting and set of active suspensions. The open windows are
 * checked by the gate as for any batch. Ids sort the same in JavaScript and under PostgreSQL's "C"
 * comparison used here.
 */
const ASSUMPTIONS_HOLD = `NOT EXISTS (
    SELECT 1 FROM unnest($2::text[], $3::text[]) AS k(scope, key)
    CROSS JOIN LATERAL (SELECT 1 FROM idempotency_records r WHERE r.scope = k.scope AND r.key = k.key OFFSET 0) AS answered)
  AND (SELECT coalesce(bool_and(coalesce(
      g.clock_offset_ms = a.clock_offset_ms
      AND coalesce((SELECT w.settlement_model->>'rule' FROM settlement_windows w WHERE w.region_id = g.id AND w.status = 'open'), g.settlement_rule::text) = a.rule
      AND EXISTS (SELECT 1 FROM central_banks b WHERE b.region_id = g.id AND b.headroom_alert_threshold IS NOT NULL) = a.alerting
      AND coalesce((SELECT string_agg(f.id, ',' ORDER BY f.id COLLATE "C") FROM faults f
                     WHERE f.region_id = g.id AND f.kind = 'suspension' AND f.status = 'active'), '') = a.suspensions,
      false)), false)
    FROM json_to_recordset($4::json) AS a(id text, clock_offset_ms bigint, rule text, alerting boolean, suspensions text)
    LEFT JOIN regions g ON g.id = a.id)`;

interface StoredRow {
  scope: string;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

/** The reference rows at each region's test clock, as the batch read or remembered it. */
function atRegionClocks(rows: ReferenceRows, regions: ReadonlyMap<string, RegionState>): PricingReference {
  return withClocks(rows, new Map([...regions].map(([id, r]) => [id, BigInt(r.clock_offset_ms)])));
}

function storedAnswerOf(row: StoredRow): StoredAnswer {
  return { requestHash: row.request_hash, responseStatus: row.response_status, responseBody: row.response_body };
}

/** A region can take the batch without a transaction when its window is open and liquidity needs no locks there. */
function unlockedWriteFits(region: RegionState): boolean {
  return region.window_id !== null && !capsApply(region.rule) && !region.alerting;
}

/** The regions the batch records obligations in. */
function regionsWritten(plans: readonly Plan[]): string[] {
  return [...new Set(plans.flatMap((p) => (p.kind === 'new' && p.created.obligations.length > 0 ? [p.created.payment.regionId] : [])))];
}

/** Places new payments in their windows (`windows`: by region) and gathers what the batch writes. */
function writtenRows(commands: readonly CreatePaymentCommand[], plans: Plan[], windows: ReadonlyMap<string, string>): Written {
  const created = plans.flatMap((p) => (p.kind === 'new' ? [p.created] : []));
  const bodies: Written['bodies'] = new Map();
  for (const c of created) {
    if (c.obligations.length > 0) c.payment.windowId = windows.get(c.payment.regionId)!;
    const body = presentPayment(c.payment, c.regionView);
    bodies.set(c.index, { body, json: new JsonText(JSON.stringify(body)) });
  }
  const records: Written['records'] = [];
  plans.forEach((plan, index) => {
    const request = commands[index]!.idempotency;
    if (plan.kind === 'new') {
      records.push({
        request,
        stored: { requestHash: request.requestHash, responseStatus: 201, responseBody: bodies.get(index)!.body },
        eventId: plan.created.eventId,
      });
    } else if (plan.kind === 'refused') {
      records.push({ request, stored: plan.stored });
    }
  });
  return { plans, created, bodies, records };
}

/**
 * One statement inserting the batch's obligations, payments, outbox events and idempotency records.
 * With `openWindows` (run on its own, outside a transaction): it share-locks those windows until it
 * commits, inserts only if all are still open, and answers whether they were. Without: the caller's
 * transaction holds the window locks already.
 */
function insertAll(written: Written, openWindows: string[] | null, assumed: Assumptions | null = null): [string, unknown[]] {
  const params: unknown[] = openWindows ? [openWindows] : [];
  const queries: string[] = openWindows
    ? [`open_windows AS (SELECT id FROM settlement_windows WHERE id = ANY($1::text[]) AND status = 'open' FOR SHARE)`]
    : [];
  if (openWindows && assumed) {
    params.push(
      assumed.commands.map((c) => c.idempotency.scope),
      assumed.commands.map((c) => c.idempotency.key),
      JSON.stringify(
        [...assumed.regions].map(([id, r]) => ({
          id,
          clock_offset_ms: r.clock_offset_ms,
          rule: r.rule,
          alerting: r.alerting,
          suspensions: suspensionList(r.suspensions.map((f) => f.id)),
        })),
      ),
    );
    queries.push(`gate AS (SELECT (SELECT count(*) FROM open_windows) = cardinality($1::text[]) AND ${ASSUMPTIONS_HOLD} AS ok)`);
  } else if (openWindows) {
    queries.push(`gate AS (SELECT count(*) = cardinality($1::text[]) AS ok FROM open_windows)`);
  }
  const condition = openWindows ? '(SELECT ok FROM gate)' : undefined;
  const add = <Row>(insert: InsertRows<Row>) => {
    if (insert.rows.length === 0) return;
    const statement = insertStatement(insert, params.length + 1, condition);
    queries.push(`${insert.table}_written AS (${statement.sql})`);
    params.push(...statement.params);
  };
  const withObligations = written.created.filter((c) => c.obligations.length > 0);
  add(
    obligationRows(
      new Map(withObligations.map((c) => [c.payment.regionId, c.payment.windowId!])),
      withObligations.map((c) => ({ regionId: c.payment.regionId, obligations: c.obligations, at: c.payment.createdAt })),
    ),
  );
  add({ table: 'payments', columns: PAYMENT_COLUMNS, rows: written.created.map((c) => c.payment) });
  const outbox = outboxQueries(
    written.created.map((c) => ({
      id: c.eventId,
      type: c.eventType,
      merchantId: c.payment.merchantId,
      regionId: c.payment.regionId,
      data: written.bodies.get(c.index)!.json,
      // The payment's sandbox time, so the outbox need not read the region's clock again.
      at: c.payment.createdAt,
    })),
    params.length + 1,
    condition,
  );
  if (written.created.length > 0) {
    queries.push(...outbox.queries);
    params.push(...outbox.params);
  }
  add({ table: 'idempotency_records', columns: IDEMPOTENCY_COLUMNS, rows: written.records });
  const result = openWindows ? 'SELECT ok FROM gate' : 'SELECT true AS ok';
  return [queries.length === 0 ? result : `WITH ${queries.join(',\n')}\n${result}`, params];
}

/** Each command's outcome once the batch's rows are written. */
function answers(commands: readonly CreatePaymentCommand[], written: Written): Settled<PaymentCreated>[] {
  const recordOf = new Map(written.records.map((r) => [scopedKey(r.request), r.stored]));
  return written.plans.map((plan, index): Settled<PaymentCreated> => {
    const { idempotency } = commands[index]!;
    switch (plan.kind) {
      case 'new': {
        const { payment } = plan.created;
        const event =
          payment.status === 'captured'
            ? new PaymentCapturedEvent(payment.id, payment.regionId, payment.windowId!)
            : payment.status === 'authorized'
              ? new PaymentAuthorizedEvent(payment.id, payment.regionId)
              : undefined;
        const { body, json } = written.bodies.get(index)!;
        return { ok: true, value: { response: { status: 201, body, json, replayed: false }, ...(event ? { event } : {}) } };
      }
      case 'refused':
        return { ok: false, error: plan.error };
      case 'replay': {
        // A duplicate of a command of this batch gets that command's answer, now that it is known.
        const stored = plan.stored.responseBody === PENDING ? recordOf.get(scopedKey(idempotency))! : plan.stored;
        return settle(() => ({ response: answerFromRecord<WirePayment>(idempotency, stored) }));
      }
    }
  });
}

/** Raw statements in a Prisma transaction, as a `SqlClient`. */
function transactionSql(tx: Tx): SqlClient {
  return { query: (text, params) => tx.$queryRawUnsafe(text, ...params) };
}

/** Marks a duplicate whose answer is that of an earlier command of the same batch. */
const PENDING = Symbol('pending');

function termsOfQuote(
  principal: Principal,
  quoteId: string,
  quotes: ReadonlyMap<string, QuoteTerms>,
  usedQuotes: ReadonlySet<string>,
  reference: PricingReference,
): Terms {
  const quote = quotes.get(quoteId);
  const visible =
    quote &&
    (principal.regionId === null || quote.region_id === principal.regionId) &&
    (principal.role !== 'merchant' || quote.merchant_id === principal.subjectId);
  if (!quote || !visible) throw new DomainError('reference_not_found', `No quote ${quoteId} is visible to this key.`, 'quote_id');
  const region = reference.regions.get(quote.region_id)!;
  const now = sandboxNow(region.clockOffsetMs);
  const expiresAt = new Date(quote.expires_at);
  if (expiresAt <= now) {
    throw new DomainError('quote_expired', `Quote ${quoteId} expired at ${expiresAt.toISOString()}; ask for a new quote.`, 'quote_id');
  }
  if (usedQuotes.has(quote.id)) throw quoteAlreadyUsed(quote.id);
  const merchant = reference.merchants.get(quote.merchant_id)!;
  const payer = reference.payers.get(quote.payer_participant_id)!;
  return {
    parties: partiesOf(region, merchant, payer),
    quoteId: quote.id,
    amount: new Decimal(quote.merchant_amount),
    currency: quote.merchant_currency,
    payerPrincipal: new Decimal(quote.payer_principal),
    fee: new Decimal(quote.fee),
    payerAmount: new Decimal(quote.payer_amount),
    payerCurrency: quote.payer_currency,
    settlementAmount: new Decimal(quote.settlement_amount),
    rate: new Decimal(quote.rate),
    fxProviderId: quote.fx_provider_id,
  };
}

/** Who a payment is between, and what it needs of its region, whether a quote or a price now set its amounts. */
function partiesOf(region: PricingRegion, merchant: PricingMerchant, payer: PricingPayer): Parties {
  return {
    regionId: region.id,
    settlementAsset: region.settlementAsset,
    regionView: region,
    clockOffsetMs: region.clockOffsetMs,
    authorizationTtlSeconds: region.authorizationTtlSeconds,
    merchantId: merchant.id,
    merchantParticipantId: merchant.participantId,
    merchantCentralBankId: merchant.participant.centralBankId,
    payerParticipantId: payer.id,
    payerCentralBankId: payer.centralBankId,
  };
}

function quoteAlreadyUsed(quoteId: string): DomainError {
  return new DomainError('quote_already_used', `Quote ${quoteId} has already paid for a payment.`, 'quote_id');
}

/**
 * The payment a request creates, at the region's sandbox time: declined when a test reference forces
 * it, captured with its obligations for automatic capture, or authorized until its authorization lapses.
 */
function newPayment(index: number, request: PaymentRequest, terms: Terms): NewPayment {
  const { parties } = terms;
  const now = sandboxNow(parties.clockOffsetMs);
  const automatic = (request.capture_method ?? 'automatic') === 'automatic';
  const forced = forcedFailure(request.reference);
  const declined = forced?.kind === 'decline' ? forced : undefined;
  const { amount } = terms;
  const captured = !declined && automatic;
  const payment: Payment = {
    id: newId('pay'),
    regionId: parties.regionId,
    merchantId: parties.merchantId,
    merchantParticipantId: parties.merchantParticipantId,
    merchantCentralBankId: parties.merchantCentralBankId,
    payerParticipantId: parties.payerParticipantId,
    payerCentralBankId: parties.payerCentralBankId,
    quoteId: terms.quoteId,
    status: declined ? 'declined' : automatic ? 'captured' : 'authorized',
    captureMethod: automatic ? 'automatic' : 'manual',
    amount,
    currency: terms.currency,
    payerPrincipal: terms.payerPrincipal,
    fee: terms.fee,
    payerAmount: terms.payerAmount,
    payerCurrency: terms.payerCurrency,
    settlementAmount: terms.settlementAmount,
    rate: terms.rate,
    fxProviderId: terms.fxProviderId,
    authorizationExpiresAt: !declined && !automatic ? new Date(now.getTime() + parties.authorizationTtlSeconds * 1000) : null,
    // Automatic capture takes all that was authorized.
    amountCaptured: captured ? amount : ZERO,
    amountRefunded: ZERO,
    reference: request.reference ?? null,
    failureCode: declined?.code ?? null,
    failureReason: declined?.reason ?? null,
    windowId: null,
    createdAt: now,
    updatedAt: now,
    capturedAt: captured ? now : null,
    settledAt: null,
  };
  return {
    index,
    payment,
    regionView: parties.regionView,
    obligations: captured ? captureObligations(paymentLegs(payment, parties.settlementAsset)) : [],
    eventType: declined ? 'payment.declined' : captured ? 'payment.captured' : 'payment.authorized',
    eventId: newId('evt'),
  };
}

/** Decimals are immutable: one zero serves every new payment. */
const ZERO = new Decimal(0);

function scopedKey(request: { scope: string; key: string }): string {
  return `${request.scope}\n${request.key}`;
}

function keyOf(request: IdempotentRequest) {
  return { scope: request.scope, key: request.key, requestHash: request.requestHash };
}

function settle<T>(answer: () => T): Settled<T> {
  try {
    return { ok: true, value: answer() };
  } catch (error) {
    return { ok: false, error };
  }
}

const PAYMENT_COLUMNS: BulkColumn<Payment>[] = [
  { name: 'id', type: 'text', value: (p) => p.id },
  { name: 'region_id', type: 'text', value: (p) => p.regionId },
  { name: 'merchant_id', type: 'text', value: (p) => p.merchantId },
  { name: 'merchant_participant_id', type: 'text', value: (p) => p.merchantParticipantId },
  { name: 'merchant_central_bank_id', type: 'text', value: (p) => p.merchantCentralBankId },
  { name: 'payer_participant_id', type: 'text', value: (p) => p.payerParticipantId },
  { name: 'payer_central_bank_id', type: 'text', value: (p) => p.payerCentralBankId },
  { name: 'quote_id', type: 'text', value: (p) => p.quoteId },
  { name: 'status', type: '"PaymentStatus"', value: (p) => p.status },
  { name: 'capture_method', type: '"CaptureMethod"', value: (p) => p.captureMethod },
  { name: 'amount', type: 'numeric', value: (p) => p.amount.toFixed() },
  { name: 'currency', type: 'text', value: (p) => p.currency },
  { name: 'payer_principal', type: 'numeric', value: (p) => p.payerPrincipal.toFixed() },
  { name: 'fee', type: 'numeric', value: (p) => p.fee.toFixed() },
  { name: 'payer_amount', type: 'numeric', value: (p) => p.payerAmount.toFixed() },
  { name: 'payer_currency', type: 'text', value: (p) => p.payerCurrency },
  { name: 'settlement_amount', type: 'numeric', value: (p) => p.settlementAmount.toFixed() },
  { name: 'rate', type: 'numeric', value: (p) => p.rate.toFixed() },
  { name: 'fx_provider_id', type: 'text', value: (p) => p.fxProviderId },
  { name: 'authorization_expires_at', type: 'timestamptz', value: (p) => p.authorizationExpiresAt },
  { name: 'amount_captured', type: 'numeric', value: (p) => p.amountCaptured.toFixed() },
  { name: 'amount_refunded', type: 'numeric', value: (p) => p.amountRefunded.toFixed() },
  { name: 'reference', type: 'text', value: (p) => p.reference },
  { name: 'failure_code', type: 'text', value: (p) => p.failureCode },
  { name: 'failure_reason', type: 'text', value: (p) => p.failureReason },
  { name: 'window_id', type: 'text', value: (p) => p.windowId },
  { name: 'created_at', type: 'timestamptz', value: (p) => p.createdAt },
  { name: 'updated_at', type: 'timestamptz', value: (p) => p.updatedAt },
  { name: 'captured_at', type: 'timestamptz', value: (p) => p.capturedAt },
  { name: 'settled_at', type: 'timestamptz', value: (p) => p.settledAt },
];

const IDEMPOTENCY_COLUMNS: BulkColumn<Written['records'][number]>[] = [
  { name: 'scope', type: 'text', value: (r) => r.request.scope },
  { name: 'key', type: 'text', value: (r) => r.request.key },
  { name: 'request_hash', type: 'text', value: (r) => r.stored.requestHash },
  { name: 'response_status', type: 'int', value: (r) => r.stored.responseStatus },
  // A new payment's body is stored once, as its event's data.
  { name: 'response_body', type: 'jsonb', value: (r) => (r.eventId ? null : (r.stored.responseBody as object)) },
  { name: 'response_event_id', type: 'text', value: (r) => r.eventId ?? null },
];
