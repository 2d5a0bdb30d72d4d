import { Decimal } from '../../src/core/money';
import { type CorridorClient, type Schemas, must } from './api';
import type { PaymentRecord } from './payment-log';

/** One check made after a run; a failed check fails the run. */
export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

/** What the reconciliation reads of a stored payment. */
export type StoredPayment = Pick<Schemas['Payment'], 'id' | 'reference' | 'status' | 'amount_refunded'>;

const SHOWN = 5;

function sample(items: string[]): string {
  return items.length <= SHOWN ? items.join(', ') : `${items.slice(0, SHOWN).join(', ')} and ${items.length - SHOWN} more`;
}

/**
 * Compares what the load generator was told with what the service stored: every acknowledged payment
 * stored exactly once, nothing stored for a refused request or one never sent, and every acknowledged
 * capture and refund visible on its payment. A request that got no answer may or may not have been
 * taken; the ones that were are counted, not failed.
 */
export function reconcilePayments(records: PaymentRecord[], stored: StoredPayment[]): Check[] {
  const byReference = new Map(records.map((r) => [r.reference, r]));
  const storedById = new Map<string, StoredPayment[]>();
  const storedByReference = new Map<string, StoredPayment[]>();
  for (const payment of stored) {
    storedById.set(payment.id, [...(storedById.get(payment.id) ?? []), payment]);
    if (payment.reference !== null)
      storedByReference.set(payment.reference, [...(storedByReference.get(payment.reference) ?? []), payment]);
  }

  const acknowledged = records.filter((r) => r.creation === 'acknowledged');
  const missing = acknowledged.filter((r) => !storedById.has(r.id!)).map((r) => r.id!);
  const listedTwice = [...storedById].filter(([, copies]) => copies.length > 1).map(([id]) => id);
  const misfiled = acknowledged.filter((r) => storedById.get(r.id!)?.some((p) => p.reference !== r.reference)).map((r) => r.id!);
  const storedOnce: Check = {
    name: 'every acknowledged payment is stored exactly once',
    passed: missing.length === 0 && listedTwice.length === 0 && misfiled.length === 0,
    detail:
      missing.length + listedTwice.length + misfiled.length === 0
        ? `${acknowledged.length} payments acknowledged, each found once in the region's payments`
        : [
            missing.length > 0 ? `missing: ${sample(missing)}` : '',
            listedTwice.length > 0 ? `listed more than once: ${sample(listedTwice)}` : '',
            misfiled.length > 0 ? `stored with another reference: ${sample(misfiled)}` : '',
          ]
            .filter(Boolean)
            .join('; '),
  };

  const unexpected: string[] = [];
  const twice: string[] = [];
  let landed = 0;
  for (const [reference, copies] of storedByReference) {
    const record = byReference.get(reference);
    if (copies.length > 1) twice.push(reference);
    if (!record || record.creation === 'rejected') unexpected.push(`${copies[0]!.id} (${reference})`);
    else if (record.creation === 'sent') landed += 1;
  }
  const unreferenced = stored.filter((p) => p.reference === null).map((p) => p.id);
  const unanswered = records.filter((r) => r.creation === 'sent').length;
  const nothingExtra: Check = {
    name: 'nothing stored that was refused, never sent or sent once but stored twice',
    passed: unexpected.length === 0 && twice.length === 0 && unreferenced.length === 0,
    detail:
      `${stored.length} stored = ${acknowledged.length} acknowledged + ${landed} of the ${unanswered} requests that got no answer ` +
      `(timed out, or in flight when a phase ended)` +
      (unexpected.length > 0 ? `; refused or unknown but stored: ${sample(unexpected)}` : '') +
      (twice.length > 0 ? `; one request stored twice: ${sample(twice)}` : '') +
      (unreferenced.length > 0 ? `; stored without a reference: ${sample(unreferenced)}` : ''),
  };
  const checks = [storedOnce, nothingExtra];

  const changed = records.filter((r) => r.capture !== null || r.refund !== null);
  if (changed.length > 0) {
    const wrong: string[] = [];
    for (const record of changed) {
      const payment = storedByReference.get(record.reference)?.[0];
      if (!payment) continue;
      if (record.capture === 'acknowledged' && payment.status !== 'captured' && payment.status !== 'settled') {
        wrong.push(`${payment.id} capture acknowledged but status ${payment.status}`);
      }
      const refunded = new Decimal(payment.amount_refunded);
      const refund = record.refund;
      const possible =
        refund === null || refund.outcome === 'rejected'
          ? [new Decimal(0)]
          : refund.outcome === 'acknowledged'
            ? [new Decimal(refund.amount)]
            : [new Decimal(0), new Decimal(refund.amount)];
      if (!possible.some((amount) => amount.eq(refunded))) {
        wrong.push(`${payment.id} refunded ${payment.amount_refunded}, expected ${possible.map((a) => a.toFixed()).join(' or ')}`);
      }
    }
    const captures = changed.filter((r) => r.capture === 'acknowledged').length;
    const refunds = changed.filter((r) => r.refund?.outcome === 'acknowledged').length;
    checks.push({
      name: 'every acknowledged capture and refund is on its payment',
      passed: wrong.length === 0,
      detail: wrong.length === 0 ? `${captures} captures and ${refunds} partial refunds acknowledged, all stored` : sample(wrong),
    });
  }
  return checks;
}

/** The journal's hash chain verifies, and all balances sum to zero in every currency. */
export async function ledgerChecks(api: CorridorClient): Promise<Check[]> {
  const verification = await must(api.GET('/v1/ledger/verify'));
  const nonZero = verification.balances.filter((b) => !new Decimal(b.total).isZero());
  return [
    {
      name: 'the ledger verifies (GET /v1/ledger/verify)',
      passed: verification.ok,
      detail: verification.ok
        ? `${verification.entries_checked} journal entries checked, chain intact`
        : `first invalid entry: ${JSON.stringify(verification.first_invalid)}`,
    },
    {
      name: 'balances sum to zero in every currency',
      passed: nonZero.length === 0,
      detail: verification.balances.map((b) => `${b.currency} ${b.total}`).join(', ') || 'no balances yet',
    },
  ];
}
