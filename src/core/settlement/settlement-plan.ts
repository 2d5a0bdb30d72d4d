import { DomainError } from '../errors';
import { currencyScale } from '../money/currency';
import type { Decimal } from '../money/decimal';
import type { JournalEntryDraft, Posting } from '../ledger/journal';
import { agentAccount, centralBankDomesticAccount, participantAccount, settlementAccount } from '../ledger/accounts';
import { multilateralNetPositions, type NetPosition, type NettingMetrics, nettingMetrics } from '../netting/net-positions';
import { type Obligation, assertObligation, compareIds } from '../netting/obligation';
import { type LiquidityLimit, type UnwindRound, settleWithUnwind } from '../netting/unwind';

export type PartyKind = 'central_bank' | 'participant';

export interface PlannedObligation extends Obligation {
  tier: 'regional' | 'domestic';
  /** Regional parties are central banks (the default). Domestic obligations must say. */
  debtorKind?: PartyKind;
  creditorKind?: PartyKind;
}

export interface SettlementPlanInput {
  regionId: string;
  windowId: string;
  settlementAsset: string;
  /** both tiers; parties are central-bank ids (regional) or participant/central-bank ids (domestic) */
  obligations: readonly PlannedObligation[];
  /** regional tier only: each central bank's available settlement-asset liquidity */
  liquidity: readonly LiquidityLimit[];
  occurredAt: Date;
}

/** Debtors pay the agent, the agent pays creditors. `from` and `to` are ledger account names. */
export interface SettlementTransfer {
  from: string;
  to: string;
  currency: string;
  amount: Decimal;
}

export interface SettlementPlan {
  /** references whose obligations (both tiers) are dropped, sorted */
  unwoundReferences: string[];
  /** references with at least one settled obligation, sorted */
  settledReferences: string[];
  /** per central bank, settlement asset, on the settled set */
  regionalPositions: NetPosition[];
  /** per party, local currencies, on the settled set */
  domesticPositions: NetPosition[];
  /** metrics of what settles (the unwound obligations are not counted) */
  regionalMetrics: NettingMetrics[];
  domesticMetrics: NettingMetrics[];
  /** regional tier: debtor central bank → agent, then agent → creditor central bank, each by party id */
  transfers: SettlementTransfer[];
  /** the regional entry (if anything moves), then one domestic entry per local currency, by currency */
  journal: JournalEntryDraft[];
  rounds: UnwindRound[];
}

/**
 * Plans the settlement of a closed window, as pure data the caller persists and posts:
 *
 * - the regional tier (central bank ↔ central bank, settlement asset) is netted multilaterally and
 *   checked against each central bank's liquidity; shortfalls unwind by `settleWithUnwind`;
 * - a reference unwound on the regional tier is dropped from the domestic tier too, so a payment's legs
 *   settle or fail together; purely domestic references always settle;
 * - the domestic tier (participant ↔ central bank, local currency) is netted per currency;
 * - net positions become transfers through the settlement agent and balanced journal entries whose
 *   ids derive from the window id, so re-planning a window after a crash yields the same entries.
 */
export function planSettlement(input: SettlementPlanInput): SettlementPlan {
  const { regionId, windowId, settlementAsset } = input;
  currencyScale(settlementAsset, 'settlementAsset');
  const domesticKinds = new Map<string, PartyKind>();
  const regional: PlannedObligation[] = [];
  const domestic: PlannedObligation[] = [];
  input.obligations.forEach((obligation, index) => {
    const field = `obligations[${index}]`;
    assertPlannedObligation(obligation, field, settlementAsset);
    if (obligation.tier === 'regional') {
      regional.push(obligation);
    } else {
      recordKind(domesticKinds, obligation.debtor, obligation.debtorKind, `${field}.debtorKind`);
      recordKind(domesticKinds, obligation.creditor, obligation.creditorKind, `${field}.creditorKind`);
      domestic.push(obligation);
    }
  });

  const unwind = settleWithUnwind(regional, input.liquidity);
  const unwound = new Set(unwind.unwoundReferences);
  const domesticSettled = domestic.filter((obligation) => !unwound.has(obligation.reference));
  const domesticPositions = multilateralNetPositions(domesticSettled);
  const transfers = regionalTransfers(regionId, unwind.positions);

  const journal: JournalEntryDraft[] = [];
  const entry = (id: string, description: string, postings: Posting[]): JournalEntryDraft => ({
    id,
    kind: 'settlement',
    description,
    reference: windowId,
    regionId,
    occurredAt: input.occurredAt,
    postings,
  });
  if (transfers.length > 0) {
    journal.push(
      entry(
        `je_${windowId}_regional`,
        `Regional net settlement of window ${windowId} in ${settlementAsset}`,
        transfers.flatMap(({ from, to, currency, amount }) => [
          { account: from, currency, amount: amount.negated() },
          { account: to, currency, amount },
        ]),
      ),
    );
  }
  for (const [currency, positions] of groupByCurrency(domesticPositions)) {
    const postings = positions
      .filter((position) => !position.net.isZero())
      .map(({ party, net }) => ({
        account: domesticKinds.get(party) === 'participant' ? participantAccount(party) : centralBankDomesticAccount(party),
        currency,
        amount: net,
      }));
    if (postings.length === 0) continue;
    journal.push(entry(`je_${windowId}_domestic_${currency}`, `Domestic net settlement of window ${windowId} in ${currency}`, postings));
  }

  const settledReferences = new Set([...unwind.settled, ...domesticSettled].map((obligation) => obligation.reference));
  return {
    unwoundReferences: unwind.unwoundReferences,
    settledReferences: [...settledReferences].sort(compareIds),
    regionalPositions: unwind.positions,
    domesticPositions,
    regionalMetrics: nettingMetrics(unwind.settled),
    domesticMetrics: nettingMetrics(domesticSettled),
    transfers,
    journal,
    rounds: unwind.rounds,
  };
}

function assertPlannedObligation(obligation: PlannedObligation, field: string, settlementAsset: string): void {
  assertObligation(obligation, field);
  const scale = currencyScale(obligation.currency, `${field}.currency`);
  if (obligation.amount.decimalPlaces() > scale) {
    throw new DomainError(
      'amount_precision_exceeded',
      `obligation ${obligation.id}: ${obligation.currency} amounts have at most ${scale} decimal places`,
      `${field}.amount`,
    );
  }
  if (obligation.tier === 'regional') {
    if (obligation.currency !== settlementAsset) {
      throw new DomainError(
        'invalid_obligation',
        `regional obligation ${obligation.id} is in ${obligation.currency}, not the settlement asset ${settlementAsset}`,
        `${field}.currency`,
      );
    }
    for (const [kind, name] of [
      [obligation.debtorKind, 'debtorKind'],
      [obligation.creditorKind, 'creditorKind'],
    ] as const) {
      if (kind !== undefined && kind !== 'central_bank') {
        throw new DomainError(
          'invalid_obligation',
          `regional obligation ${obligation.id} is between central banks only`,
          `${field}.${name}`,
        );
      }
    }
  } else if (obligation.tier !== 'domestic') {
    throw new DomainError('invalid_obligation', `obligation ${obligation.id} has no tier (regional or domestic)`, `${field}.tier`);
  }
}

/**
 * Guessing a domestic party's kind would post a participant's money to a central bank's account (or the
 * reverse) without any error, so the kind is required and must not change between obligations.
 */
function recordKind(kinds: Map<string, PartyKind>, party: string, kind: PartyKind | undefined, field: string): void {
  if (kind !== 'central_bank' && kind !== 'participant') {
    throw new DomainError('invalid_obligation', `domestic party ${party} must be marked central_bank or participant`, field);
  }
  const known = kinds.get(party);
  if (known !== undefined && known !== kind) {
    throw new DomainError('invalid_obligation', `party ${party} appears both as ${known} and as ${kind}`, field);
  }
  kinds.set(party, kind);
}

function regionalTransfers(regionId: string, positions: readonly NetPosition[]): SettlementTransfer[] {
  const agent = agentAccount(regionId);
  const payIns = positions
    .filter(({ net }) => net.lt(0))
    .map(({ party, currency, net }) => ({ from: settlementAccount(party), to: agent, currency, amount: net.negated() }));
  const payOuts = positions
    .filter(({ net }) => net.gt(0))
    .map(({ party, currency, net }) => ({ from: agent, to: settlementAccount(party), currency, amount: net }));
  return [...payIns, ...payOuts];
}

/** Positions arrive sorted by currency, so groups come out in currency order. */
function groupByCurrency(positions: readonly NetPosition[]): Map<string, NetPosition[]> {
  const groups = new Map<string, NetPosition[]>();
  for (const position of positions) {
    const group = groups.get(position.currency);
    if (group) group.push(position);
    else groups.set(position.currency, [position]);
  }
  return groups;
}
