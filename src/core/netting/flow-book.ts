import { Decimal } from '../money/decimal';
import type { NetPosition } from './net-positions';
import { type Obligation, compareIds } from './obligation';

interface Flows {
  sent: Decimal;
  received: Decimal;
}

/**
 * Running sent/received totals per (currency, party). Internal to netting: obligations can be taken out
 * again, which is what lets the unwind recompute positions without a second pass over the window.
 */
export class FlowBook {
  private readonly byCurrency = new Map<string, Map<string, Flows>>();

  add(obligation: Obligation): void {
    this.apply(obligation, obligation.amount);
  }

  remove(obligation: Obligation): void {
    this.apply(obligation, new Decimal(obligation.amount).negated());
  }

  /** Net (received − sent) of every party in every currency, in no particular order. */
  *nets(): Generator<{ party: string; currency: string; net: Decimal }> {
    for (const [currency, byParty] of this.byCurrency) {
      for (const [party, { sent, received }] of byParty) yield { party, currency, net: received.minus(sent) };
    }
  }

  /** One row per (party, currency) still holding an obligation, sorted by currency then party. */
  positions(): NetPosition[] {
    const positions: NetPosition[] = [];
    for (const currency of [...this.byCurrency.keys()].sort(compareIds)) {
      const byParty = this.byCurrency.get(currency)!;
      for (const party of [...byParty.keys()].sort(compareIds)) {
        const { sent, received } = byParty.get(party)!;
        // Amounts are > 0, so both totals at zero means every obligation of the party was taken out.
        if (sent.isZero() && received.isZero()) continue;
        positions.push({ party, currency, sent, received, net: received.minus(sent) });
      }
    }
    return positions;
  }

  private apply(obligation: Obligation, amount: Decimal): void {
    let byParty = this.byCurrency.get(obligation.currency);
    if (!byParty) this.byCurrency.set(obligation.currency, (byParty = new Map()));
    const debtor = this.flowsOf(byParty, obligation.debtor);
    debtor.sent = debtor.sent.plus(amount);
    const creditor = this.flowsOf(byParty, obligation.creditor);
    creditor.received = creditor.received.plus(amount);
  }

  private flowsOf(byParty: Map<string, Flows>, party: string): Flows {
    let flows = byParty.get(party);
    if (!flows) byParty.set(party, (flows = { sent: new Decimal(0), received: new Decimal(0) }));
    return flows;
  }
}
