import { Inject, Injectable } from '@nestjs/common';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { DomainError } from '../../../../core/errors';
import { captureObligations, type TierObligation } from '../../../../core/payments';
import { sandboxNow } from '../../../../core/time';
import { Prisma, type Payment, type Quote } from '../../../../generated/prisma/client';
import type { Principal } from '../../../access/principal';
import { EventOutbox, type NewEvent } from '../../../events/event-outbox';
import {
  answerFromRecord,
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
} from '../../../quotes/quote-pricer';
import { ObligationRecorder } from '../../../settlement/obligation-recorder';
import { type BulkColumn, bulkInsert } from '../../../shared/bulk-insert';
import { forcedFailure } from '../../../shared/forced-failures';
import type { Settled } from '../../../shared/group-commit';
import { newId } from '../../../shared/ids';
import { type Db, isUniqueViolation, PRISMA, type Tx } from '../../../shared/persistence';
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

/** The priced terms of a payment, whether they come from a quote or are priced now. */
interface Terms {
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
  quoteId: string | null;
  amount: string;
  currency: string;
  payerPrincipal: string;
  fee: string;
  payerAmount: string;
  payerCurrency: string;
  settlementAmount: string;
  rate: string;
  fxProviderId: string | null;
}

/** A new payment of the batch, built in memory; the window is filled in once the open windows are locked. */
interface NewPayment {
  index: number;
  payment: Payment;
  regionView: PaymentRegionView;
  obligations: TierObligation[];
  eventType: 'payment.declined' | 'payment.captured' | 'payment.authorized';
}

/** What each command of a batch turns into before anything is written. */
type Plan =
  | { kind: 'new'; created: NewPayment }
  /** Broke a business rule: its problem is recorded for the key and raised to this caller. */
  | { kind: 'refused'; error: unknown; stored: StoredAnswer }
  /** The key already has an answer (stored earlier, or from an earlier command of this batch). */
  | { kind: 'replay'; stored: StoredAnswer };

/**
 * Creates payments in batches: one transaction and one multi-row statement per table for however many
 * payment requests arrived together (see `GroupCommit`). It reads every idempotency record, quote and
 * piece of reference data the batch needs in one query each, prices and builds every payment and its
 * obligations in memory with the pure core, then inserts payments, obligations, outbox events and
 * idempotency records with one `INSERT … SELECT unnest(…)` each. A request that breaks a business rule
 * gets its own problem (recorded for its key) without failing the others. If the transaction itself
 * fails — another process used the same idempotency key or quote at the same moment — each request of
 * the batch runs again alone, so each gets its own correct answer.
 *
 * Reference data (merchants, participants, regions with rates and FX providers) is read per batch, not
 * cached: one read is shared by the whole batch, and a region's test clock or rates moved through the
 * API take effect on the next payment in every API process.
 */
@Injectable()
export class PaymentCreationBatch {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly pricer: QuotePricer,
    private readonly obligations: ObligationRecorder,
    private readonly outbox: EventOutbox,
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
   * A lone request whose transaction failed. A unique violation means a concurrent request (in another
   * batch or process) committed first: with the same key, its answer is this one's; otherwise it took
   * the quote. A business rule broken while writing (a net debit cap, a suspension) is recorded for the
   * key like any other refusal. Anything else is a server error, not recorded, so a retry may succeed.
   */
  private async afterFailure(command: CreatePaymentCommand, error: unknown): Promise<Settled<PaymentCreated>> {
    const { idempotency, request } = command;
    try {
      if (isUniqueViolation(error)) {
        const winner = await this.db.idempotencyRecord.findUnique({
          where: { scope_key: { scope: idempotency.scope, key: idempotency.key } },
        });
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

  private writeTogether(commands: readonly CreatePaymentCommand[]): Promise<Settled<PaymentCreated>[]> {
    return this.db.$transaction(async (tx) => {
      const plans = await this.plan(tx, commands);
      const created = plans.flatMap((p) => (p.kind === 'new' ? [p.created] : []));
      const windows = await this.obligations.recordMany(
        tx,
        created
          .filter((c) => c.obligations.length > 0)
          .map((c) => ({ regionId: c.payment.regionId, obligations: c.obligations, at: c.payment.createdAt })),
      );
      const bodies = new Map<number, WirePayment>();
      for (const c of created) {
        if (c.obligations.length > 0) c.payment.windowId = windows.get(c.payment.regionId)!;
        bodies.set(c.index, presentPayment(c.payment, c.regionView));
      }
      await bulkInsert(
        tx,
        'payments',
        PAYMENT_COLUMNS,
        created.map((c) => c.payment),
      );
      await this.outbox.recordMany(
        tx,
        created.map<NewEvent>((c) => ({
          type: c.eventType,
          merchantId: c.payment.merchantId,
          regionId: c.payment.regionId,
          data: bodies.get(c.index)!,
          // The payment's sandbox time, so the outbox need not read the region's clock again.
          at: c.payment.createdAt,
        })),
      );
      // Answers of new payments are known only now (their window); replays of them within the batch follow.
      const records: { request: IdempotentRequest; stored: StoredAnswer }[] = [];
      plans.forEach((plan, index) => {
        const request = commands[index]!.idempotency;
        if (plan.kind === 'new') {
          records.push({ request, stored: { requestHash: request.requestHash, responseStatus: 201, responseBody: bodies.get(index) } });
        } else if (plan.kind === 'refused') {
          records.push({ request, stored: plan.stored });
        }
      });
      await bulkInsert(tx, 'idempotency_records', IDEMPOTENCY_COLUMNS, records);

      const recordOf = new Map(records.map((r) => [scopedKey(r.request), r.stored]));
      return plans.map((plan, index): Settled<PaymentCreated> => {
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
            return {
              ok: true,
              value: { response: { status: 201, body: bodies.get(index)!, replayed: false }, ...(event ? { event } : {}) },
            };
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
    });
  }

  /** Reads what the batch needs, one query per table, and decides each command's fate in memory. */
  private async plan(tx: Tx, commands: readonly CreatePaymentCommand[]): Promise<Plan[]> {
    const earlier = await storedAnswers(tx, commands);
    const quoteIds = commands.flatMap(({ request }) => ('quote_id' in request ? [request.quote_id] : []));
    const quotes = new Map(
      (quoteIds.length === 0 ? [] : await tx.quote.findMany({ where: { id: { in: [...new Set(quoteIds)] } } })).map((q) => [q.id, q]),
    );
    const usedQuotes = new Set(
      quoteIds.length === 0
        ? []
        : (await tx.payment.findMany({ where: { quoteId: { in: [...new Set(quoteIds)] } }, select: { quoteId: true } })).map(
            (p) => p.quoteId,
          ),
    );
    const merchantIds: string[] = [];
    const payerIds: string[] = [];
    for (const { principal, request } of commands) {
      if ('quote_id' in request) {
        const quote = quotes.get(request.quote_id);
        if (quote) {
          merchantIds.push(quote.merchantId);
          payerIds.push(quote.payerParticipantId);
        }
      } else {
        try {
          merchantIds.push(merchantIdFor(principal, request.merchant_id));
          payerIds.push(request.payer_participant_id);
        } catch {
          // The command is refused when it is priced below.
        }
      }
    }
    const reference = await this.pricer.load(tx, merchantIds, payerIds);

    const keysInBatch = new Set<string>();
    return commands.map((command, index): Plan => {
      const key = scopedKey(command.idempotency);
      const stored = earlier.get(key);
      if (stored) return { kind: 'replay', stored };
      if (keysInBatch.has(key)) {
        // A concurrent duplicate: it gets the answer of the first command with this key, once known.
        return { kind: 'replay', stored: { requestHash: '', responseStatus: 0, responseBody: PENDING } };
      }
      keysInBatch.add(key);
      try {
        const terms =
          'quote_id' in command.request
            ? termsOfQuote(command.principal, command.request.quote_id, quotes, usedQuotes, reference)
            : this.priceNow(command.principal, command.request, reference);
        if (terms.quoteId) usedQuotes.add(terms.quoteId);
        return { kind: 'new', created: newPayment(index, command.request, terms) };
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
      ...partiesOf(region, merchant, payer),
      quoteId: null,
      amount: price.merchantAmount.toFixed(),
      currency: price.merchantCurrency,
      payerPrincipal: price.payerPrincipal.toFixed(),
      fee: price.fee.toFixed(),
      payerAmount: price.payerAmount.toFixed(),
      payerCurrency: price.payerCurrency,
      settlementAmount: price.settlementAmount.toFixed(),
      rate: price.rate.toFixed(),
      fxProviderId: fxProvider?.id ?? null,
    };
  }
}

/** Marks a duplicate whose answer is that of an earlier command of the same batch. */
const PENDING = Symbol('pending');

function termsOfQuote(
  principal: Principal,
  quoteId: string,
  quotes: ReadonlyMap<string, Quote>,
  usedQuotes: ReadonlySet<string | null>,
  reference: PricingReference,
): Terms {
  const quote = quotes.get(quoteId);
  const visible =
    quote &&
    (principal.regionId === null || quote.regionId === principal.regionId) &&
    (principal.role !== 'merchant' || quote.merchantId === principal.subjectId);
  if (!quote || !visible) throw new DomainError('reference_not_found', `No quote ${quoteId} is visible to this key.`, 'quote_id');
  const region = reference.regions.get(quote.regionId)!;
  const now = sandboxNow(region.clockOffsetMs);
  if (quote.expiresAt <= now) {
    throw new DomainError(
      'quote_expired',
      `Quote ${quoteId} expired at ${quote.expiresAt.toISOString()}; ask for a new quote.`,
      'quote_id',
    );
  }
  if (usedQuotes.has(quote.id)) throw quoteAlreadyUsed(quote.id);
  const merchant = reference.merchants.get(quote.merchantId)!;
  const payer = reference.payers.get(quote.payerParticipantId)!;
  return {
    ...partiesOf(region, merchant, payer),
    quoteId: quote.id,
    amount: quote.merchantAmount.toFixed(),
    currency: quote.merchantCurrency,
    payerPrincipal: quote.payerPrincipal.toFixed(),
    fee: quote.fee.toFixed(),
    payerAmount: quote.payerAmount.toFixed(),
    payerCurrency: quote.payerCurrency,
    settlementAmount: quote.settlementAmount.toFixed(),
    rate: quote.rate.toFixed(),
    fxProviderId: quote.fxProviderId,
  };
}

/** Who a payment is between, and what it needs of its region, whether a quote or a price now set its amounts. */
function partiesOf(region: PricingRegion, merchant: PricingMerchant, payer: PricingPayer) {
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
  } satisfies Partial<Terms>;
}

function quoteAlreadyUsed(quoteId: string): DomainError {
  return new DomainError('quote_already_used', `Quote ${quoteId} has already paid for a payment.`, 'quote_id');
}

/**
 * The payment a request creates, at the region's sandbox time: declined when a test reference forces
 * it, captured with its obligations for automatic capture, or authorized until its authorization lapses.
 */
function newPayment(index: number, request: PaymentRequest, terms: Terms): NewPayment {
  const now = sandboxNow(terms.clockOffsetMs);
  const automatic = (request.capture_method ?? 'automatic') === 'automatic';
  const forced = forcedFailure(request.reference);
  const declined = forced?.kind === 'decline' ? forced : undefined;
  const amount = new Prisma.Decimal(terms.amount);
  const captured = !declined && automatic;
  const payment: Payment = {
    id: newId('pay'),
    regionId: terms.regionId,
    merchantId: terms.merchantId,
    merchantParticipantId: terms.merchantParticipantId,
    merchantCentralBankId: terms.merchantCentralBankId,
    payerParticipantId: terms.payerParticipantId,
    payerCentralBankId: terms.payerCentralBankId,
    quoteId: terms.quoteId,
    status: declined ? 'declined' : automatic ? 'captured' : 'authorized',
    captureMethod: automatic ? 'automatic' : 'manual',
    amount,
    currency: terms.currency,
    payerPrincipal: new Prisma.Decimal(terms.payerPrincipal),
    fee: new Prisma.Decimal(terms.fee),
    payerAmount: new Prisma.Decimal(terms.payerAmount),
    payerCurrency: terms.payerCurrency,
    settlementAmount: new Prisma.Decimal(terms.settlementAmount),
    rate: new Prisma.Decimal(terms.rate),
    fxProviderId: terms.fxProviderId,
    authorizationExpiresAt: !declined && !automatic ? new Date(now.getTime() + terms.authorizationTtlSeconds * 1000) : null,
    // Automatic capture takes all that was authorized.
    amountCaptured: captured ? amount : new Prisma.Decimal(0),
    amountRefunded: new Prisma.Decimal(0),
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
    regionView: terms.regionView,
    obligations: captured ? captureObligations(paymentLegs(payment, terms.settlementAsset)) : [],
    eventType: declined ? 'payment.declined' : captured ? 'payment.captured' : 'payment.authorized',
  };
}

/** The answers already stored for the batch's keys, in one query. */
async function storedAnswers(tx: Tx, commands: readonly CreatePaymentCommand[]): Promise<Map<string, StoredAnswer>> {
  const rows = await tx.$queryRawUnsafe<
    { scope: string; key: string; request_hash: string; response_status: number; response_body: unknown }[]
  >(
    `SELECT r.scope, r.key, r.request_hash, r.response_status, r.response_body
       FROM idempotency_records r JOIN unnest($1::text[], $2::text[]) AS k(scope, key) ON r.scope = k.scope AND r.key = k.key`,
    commands.map((c) => c.idempotency.scope),
    commands.map((c) => c.idempotency.key),
  );
  return new Map(
    rows.map((r) => [
      scopedKey(r),
      { requestHash: r.request_hash, responseStatus: r.response_status, responseBody: r.response_body } satisfies StoredAnswer,
    ]),
  );
}

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

const IDEMPOTENCY_COLUMNS: BulkColumn<{ request: IdempotentRequest; stored: StoredAnswer }>[] = [
  { name: 'scope', type: 'text', value: (r) => r.request.scope },
  { name: 'key', type: 'text', value: (r) => r.request.key },
  { name: 'request_hash', type: 'text', value: (r) => r.stored.requestHash },
  { name: 'response_status', type: 'int', value: (r) => r.stored.responseStatus },
  { name: 'response_body', type: 'jsonb', value: (r) => JSON.stringify(r.stored.responseBody) },
];
