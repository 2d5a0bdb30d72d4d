import { DomainError } from '../errors';
import { Decimal } from '../money/decimal';
import { FlowBook } from './flow-book';
import type { NetPosition } from './net-positions';
import { type Obligation, assertObligation, compareIds } from './obligation';

/** Most a party can pay at close (its prefunded balance, capped by its net debit cap — the caller computes it). */
export interface LiquidityLimit {
  party: string;
  currency: string;
  available: Decimal;
}

export interface UnwindRound {
  round: number;
  /** the party whose shortfall was the largest in this round */
  debtor: string;
  currency: string;
  netDebit: Decimal;
  available: Decimal;
  /** references dropped in this round, sorted */
  unwoundReferences: string[];
}

export interface UnwindResult {
  /** obligations that settle, in input order */
  settled: Obligation[];
  /** obligations dropped with their reference, in input order */
  unwound: Obligation[];
  /** every dropped reference, sorted */
  unwoundReferences: string[];
  /** multilateral positions of the settled set */
  positions: NetPosition[];
  rounds: UnwindRound[];
}

/**
 * Settles a deferred-net window under the `unwind` shortfall policy (the CPMI "unwind"):
 *
 * 1. compute every party's multilateral net position per currency;
 * 2. among parties whose net debit (−net) exceeds their `available` liquidity (a party without a limit
 *    has 0), pick the one with the largest shortfall — ties go to the smaller party id, then currency;
 * 3. drop every reference in which that party is a debtor: all obligations of those references,
 *    whatever their currency or debtor, because a payment's legs settle or fail together;
 * 4. recompute and repeat until every remaining net debtor is covered.
 *
 * This is the sender-side unwind: the defaulting member's own payments fail, payments to it still
 * settle. Each round clears one party of all its debts, so there are at most as many rounds as parties.
 * Deterministic: which references unwind depends only on the obligations and limits, not on their order.
 */
export function settleWithUnwind(obligations: readonly Obligation[], limits: Iterable<LiquidityLimit>): UnwindResult {
  const available = liquidityByParty(limits);
  const book = new FlowBook();
  obligations.forEach((obligation, index) => {
    assertObligation(obligation, `obligations[${index}]`);
    book.add(obligation);
  });

  const dropped = new Set<string>();
  const rounds: UnwindRound[] = [];
  // Built only when a first shortfall appears: most windows settle in full.
  let index: ReturnType<typeof indexByReference> | undefined;
  for (let shortfall = largestShortfall(book, available); shortfall; shortfall = largestShortfall(book, available)) {
    index ??= indexByReference(obligations);
    const references = [...(index.referencesByDebtor.get(shortfall.party) ?? [])]
      .filter((reference) => !dropped.has(reference))
      .sort(compareIds);
    for (const reference of references) {
      dropped.add(reference);
      for (const obligation of index.obligationsByReference.get(reference)!) book.remove(obligation);
    }
    rounds.push({
      round: rounds.length + 1,
      debtor: shortfall.party,
      currency: shortfall.currency,
      netDebit: shortfall.netDebit,
      available: shortfall.available,
      unwoundReferences: references,
    });
  }

  const settled: Obligation[] = [];
  const unwound: Obligation[] = [];
  for (const obligation of obligations) (dropped.has(obligation.reference) ? unwound : settled).push(obligation);
  return {
    settled,
    unwound,
    unwoundReferences: [...dropped].sort(compareIds),
    positions: book.positions(),
    rounds,
  };
}

function limitKey(party: string, currency: string): string {
  return JSON.stringify([party, currency]);
}

function liquidityByParty(limits: Iterable<LiquidityLimit>): Map<string, Decimal> {
  const byKey = new Map<string, Decimal>();
  let index = 0;
  for (const { party, currency, available } of limits) {
    const field = `liquidity[${index++}]`;
    const key = limitKey(party, currency);
    if (byKey.has(key)) {
      throw new DomainError('duplicate_liquidity_limit', `${party} has more than one ${currency} liquidity limit`, field);
    }
    if (!Decimal.isDecimal(available) || !available.isFinite() || available.lt(0)) {
      throw new DomainError(
        'invalid_liquidity_limit',
        `${party}'s available ${currency} liquidity must be zero or more`,
        `${field}.available`,
      );
    }
    byKey.set(key, new Decimal(available));
  }
  return byKey;
}

interface Shortfall {
  party: string;
  currency: string;
  netDebit: Decimal;
  available: Decimal;
  amount: Decimal;
}

function largestShortfall(book: FlowBook, liquidity: ReadonlyMap<string, Decimal>): Shortfall | undefined {
  let worst: Shortfall | undefined;
  for (const { party, currency, net } of book.nets()) {
    if (!net.lt(0)) continue;
    const netDebit = net.negated();
    const available = liquidity.get(limitKey(party, currency)) ?? new Decimal(0);
    const amount = netDebit.minus(available);
    if (amount.lte(0)) continue;
    const worse =
      !worst ||
      amount.gt(worst.amount) ||
      (amount.eq(worst.amount) && (compareIds(party, worst.party) || compareIds(currency, worst.currency)) < 0);
    if (worse) worst = { party, currency, netDebit, available, amount };
  }
  return worst;
}

function indexByReference(obligations: readonly Obligation[]) {
  const obligationsByReference = new Map<string, Obligation[]>();
  const referencesByDebtor = new Map<string, Set<string>>();
  for (const obligation of obligations) {
    const legs = obligationsByReference.get(obligation.reference);
    if (legs) legs.push(obligation);
    else obligationsByReference.set(obligation.reference, [obligation]);
    let references = referencesByDebtor.get(obligation.debtor);
    if (!references) referencesByDebtor.set(obligation.debtor, (references = new Set()));
    references.add(obligation.reference);
  }
  return { obligationsByReference, referencesByDebtor };
}
