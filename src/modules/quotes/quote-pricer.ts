import { Injectable } from '@nestjs/common';
import { DomainError } from '../../core/errors';
import { feeScheduleOf, type FxOffer, type FxProviderTerms, type FxReferenceRates, priceBestOffer, type QuotePrice } from '../../core/fx';
import type { Decimal } from '../../core/money';
import { parseAmount } from '../../core/money';
import type { CentralBank, FxProvider, FxRate, Merchant, Participant, Region } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';
import type { Tx } from '../shared/persistence';
import { toDecimal } from '../shared/wire-format';

export type PricingRegion = Region & { fxRates: FxRate[]; fxProviders: FxProvider[] };
export type PricingMerchant = Merchant & { participant: Participant & { centralBank: CentralBank } };
export type PricingPayer = Participant & { centralBank: CentralBank };

/** Everything a price depends on, resolved and checked against the caller's view. */
export interface PricedPayment {
  region: PricingRegion;
  merchant: PricingMerchant;
  payer: PricingPayer;
  price: QuotePrice;
  /** Whose offer priced it; null when the region's own spread did or nothing was converted. */
  fxProvider: PricingFxProvider | null;
  /** Every FX provider's offer, best first; empty when no provider was involved. */
  offers: FxOffer<PricingFxProvider>[];
}

/** A provider row with its spread as the core computes with it. */
export type PricingFxProvider = Omit<FxProvider, 'spreadBps'> & FxProviderTerms;

export interface PaymentTerms {
  merchantId?: string | undefined;
  payerParticipantId: string;
  amount: string;
  currency: string;
}

/**
 * The merchants, payers and regions (with rates and FX providers) that a set of prices needs, read in one
 * query per table, so a batch of payments reads its reference data once however many it prices.
 */
export class PricingReference {
  constructor(
    readonly merchants: ReadonlyMap<string, PricingMerchant>,
    readonly payers: ReadonlyMap<string, PricingPayer>,
    readonly regions: ReadonlyMap<string, PricingRegion>,
  ) {}
}

/**
 * Resolves the merchant and payer of a quote or a direct payment and prices it at the region's
 * reference rates: through the FX provider whose offer costs the payer least (or the region's own spread
 * when it has none), with the payer participant's fee schedule or else the region's fee. A merchant key
 * always acts for its own merchant.
 */
@Injectable()
export class QuotePricer {
  /** Reference rows read so far, by id (see `load`). */
  private readonly known = {
    merchants: new KnownRows<PricingMerchant>(),
    payers: new KnownRows<PricingPayer>(),
    regions: new KnownRows<PricingRegion>(),
  };
  private readonly pricingTerms = new Map<string, RegionPricingTerms>();

  async price(tx: Tx, principal: Principal, terms: PaymentTerms): Promise<PricedPayment> {
    const merchantId = merchantIdFor(principal, terms.merchantId);
    const reference = await this.load(tx, [merchantId], [terms.payerParticipantId]);
    return this.priceWith(reference, principal, terms);
  }

  /**
   * Reads the reference data for these merchants and payers (and their regions). What pricing reads of
   * it never changes once a region is loaded — merchants, participants and their fee schedules, central
   * banks' currencies, reference rates, FX providers — so each process keeps the rows it has read and a
   * batch of payments usually costs one query here: the regions' test clocks, which move. Callers must
   * read only those fields from these rows (a central bank's balance or a region's settlement model
   * would be stale here; read them from the database).
   */
  async load(tx: Tx, merchantIds: readonly string[], payerIds: readonly string[]): Promise<PricingReference> {
    const rows = await this.referenceRows(tx, merchantIds, payerIds);
    const regionIds = [...rows.regions.keys()];
    const clocks =
      regionIds.length === 0
        ? []
        : await tx.region.findMany({ where: { id: { in: regionIds } }, select: { id: true, clockOffsetMs: true } });
    return withClocks(rows, new Map(clocks.map(({ id, clockOffsetMs }) => [id, clockOffsetMs])));
  }

  /**
   * The reference rows alone, without the clocks: for a caller that reads the regions' clocks with its
   * other reads. `db` may be outside any transaction, since these rows never change.
   */
  async referenceRows(db: Pick<Tx, 'merchant' | 'participant' | 'region'>, merchantIds: readonly string[], payerIds: readonly string[]) {
    const merchants = await this.known.merchants.read(merchantIds, (ids) =>
      db.merchant.findMany({ where: { id: { in: ids } }, include: { participant: { include: { centralBank: true } } } }),
    );
    const payers = await this.known.payers.read(payerIds, (ids) =>
      db.participant.findMany({ where: { id: { in: ids } }, include: { centralBank: true } }),
    );
    const regionIds = [...new Set([...merchants.values(), ...payers.values()].map((row) => row.regionId))];
    const regions = await this.known.regions.read(regionIds, (ids) =>
      db.region.findMany({ where: { id: { in: ids } }, include: { fxRates: true, fxProviders: true } }),
    );
    return { merchants, payers, regions } satisfies ReferenceRows;
  }

  /** Prices from reference data already read: no database access, so a batch prices all its payments in memory. */
  priceWith(reference: PricingReference, principal: Principal, terms: PaymentTerms): PricedPayment {
    const merchant = visibleMerchant(reference, principal, merchantIdFor(principal, terms.merchantId));
    const payer = reference.payers.get(terms.payerParticipantId);
    if (!payer || payer.regionId !== merchant.regionId) {
      throw new DomainError(
        'reference_not_found',
        `No participant ${terms.payerParticipantId} in this merchant's region.`,
        'payer_participant_id',
      );
    }
    const merchantCurrency = merchant.participant.centralBank.currency;
    const amount = parseAmount(terms.amount, terms.currency);
    if (terms.currency !== merchantCurrency) {
      throw new DomainError(
        'currency_mismatch',
        `Amounts are in the merchant's currency, ${merchantCurrency}; got ${terms.currency}.`,
        'currency',
      );
    }
    const region = reference.regions.get(merchant.regionId)!;
    const pricing = this.regionTerms(region);
    const best = priceBestOffer({
      merchantAmount: amount,
      merchantCurrency,
      payerCurrency: payer.centralBank.currency,
      rates: pricing.rates,
      regionSpreadBps: pricing.spreadBps,
      fee: feeScheduleOf(pricing.feeBps, {
        feeBps: payer.feeBps === null ? null : toDecimal(payer.feeBps),
        fixedFee: payer.fixedFee === null ? null : toDecimal(payer.fixedFee),
      }),
      providers: pricing.providers,
    });
    return { region, merchant, payer, price: best.price, fxProvider: best.provider, offers: best.offers };
  }

  /** A region's rates, spread, fee and providers as the core prices with them, converted once per process (they never change). */
  private regionTerms(region: PricingRegion): RegionPricingTerms {
    let terms = this.pricingTerms.get(region.id);
    if (!terms) {
      terms = {
        rates: {
          settlementAsset: region.settlementAsset,
          ratePerAsset: new Map(region.fxRates.map((r) => [r.currency, toDecimal(r.rate)])),
        },
        spreadBps: toDecimal(region.fxSpreadBps),
        feeBps: toDecimal(region.feeBps),
        providers: region.fxProviders.map((provider): PricingFxProvider => ({ ...provider, spreadBps: toDecimal(provider.spreadBps) })),
      };
      if (this.pricingTerms.size >= KnownRows.MAX) this.pricingTerms.clear();
      this.pricingTerms.set(region.id, terms);
    }
    return terms;
  }
}

/** A region's pricing inputs in the core's types. */
interface RegionPricingTerms {
  rates: FxReferenceRates;
  spreadBps: Decimal;
  feeBps: Decimal;
  providers: PricingFxProvider[];
}

/** What `referenceRows` reads: the immutable part of a `PricingReference`. */
export interface ReferenceRows {
  merchants: ReadonlyMap<string, PricingMerchant>;
  payers: ReadonlyMap<string, PricingPayer>;
  regions: ReadonlyMap<string, PricingRegion>;
}

/** Reference rows at the regions' current test clocks (`clocks`: offset by region); regions without a clock are left out. */
export function withClocks(rows: ReferenceRows, clocks: ReadonlyMap<string, bigint>): PricingReference {
  const regions = new Map<string, PricingRegion>();
  for (const [id, clockOffsetMs] of clocks) {
    const region = rows.regions.get(id);
    if (region) regions.set(id, { ...region, clockOffsetMs });
  }
  return new PricingReference(rows.merchants, rows.payers, regions);
}

/** Rows by id that never change once written, read from the database only the first time. */
class KnownRows<T extends { id: string }> {
  /** Bounded like the API key cache: a process that has seen this many rows starts afresh. */
  static readonly MAX = 10_000;
  private readonly rows = new Map<string, T>();

  /** The rows with these ids that exist: known ones from memory, the others in one query. */
  async read(ids: readonly string[], query: (missing: string[]) => Promise<T[]>): Promise<Map<string, T>> {
    const result = new Map<string, T>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (row) result.set(id, row);
      else missing.push(id);
    }
    if (missing.length === 0) return result;
    if (this.rows.size + missing.length > KnownRows.MAX) this.rows.clear();
    for (const row of await query(missing)) {
      this.rows.set(row.id, row);
      result.set(row.id, row);
    }
    return result;
  }
}

/** The merchant a request acts for: a merchant key's own, or the one an operator names. */
export function merchantIdFor(principal: Principal, requested: string | undefined): string {
  if (principal.role === 'merchant') {
    if (requested !== undefined && requested !== principal.subjectId) {
      throw new DomainError('reference_not_found', `No merchant ${requested} is visible to this key.`, 'merchant_id');
    }
    return principal.subjectId!;
  }
  if (requested === undefined) {
    throw new DomainError('validation_failed', 'merchant_id is required unless a merchant key is used.', 'merchant_id');
  }
  return requested;
}

function visibleMerchant(reference: PricingReference, principal: Principal, merchantId: string): PricingMerchant {
  const merchant = reference.merchants.get(merchantId);
  if (!merchant || (principal.regionId !== null && merchant.regionId !== principal.regionId)) {
    throw new DomainError('reference_not_found', `No merchant ${merchantId} is visible to this key.`, 'merchant_id');
  }
  return merchant;
}
