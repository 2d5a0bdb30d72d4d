import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ProblemError } from '../../../adapters/http/problem';
import { camt053, pacs009, type StatementEntry } from '../../../adapters/iso20022';
import { settlementAccount } from '../../../core/ledger';
import { Decimal } from '../../../core/money';
import { notFound, regionFilter, requireRole } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { type Db, PRISMA } from '../../shared/persistence';
import { decimal, isoCentralBank, isoRegion, isoWindow } from '../iso20022-data';
import { sandboxNow } from '../../../core/time';

export type WindowMessage = 'pacs.009' | 'camt.053';

/**
 * A central bank's side of a settled window as an ISO 20022 message: the settlement transfer between
 * it and the settlement agent (pacs.009), or the statement of its settlement account over the window
 * (camt.053). The operator may export any central bank's; a central bank its own.
 */
export class ExportWindowMessageQuery extends Query<string> {
  constructor(
    readonly principal: Principal,
    readonly windowId: string,
    readonly centralBankId: string,
    readonly message: WindowMessage,
  ) {
    super();
  }
}

@QueryHandler(ExportWindowMessageQuery)
export class ExportWindowMessageHandler implements IQueryHandler<ExportWindowMessageQuery, string> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, windowId, centralBankId, message }: ExportWindowMessageQuery): Promise<string> {
    requireRole(principal, 'operator', 'central_bank');
    const window = await this.db.settlementWindow.findFirst({
      where: { id: windowId, ...regionFilter(principal) },
      include: { region: true },
    });
    if (!window) throw notFound('settlement window', windowId);
    const bank = await this.db.centralBank.findFirst({ where: { id: centralBankId, regionId: window.regionId } });
    if (!bank || (principal.role === 'central_bank' && principal.subjectId !== bank.id)) throw notFound('central bank', centralBankId);
    if (window.status !== 'settled') {
      throw new ProblemError(
        409,
        'window_not_settled',
        `Window ${window.number} is ${window.status}; its settlement messages exist once it has settled.`,
      );
    }
    const region = isoRegion(window.region);
    const isoWin = isoWindow(window);
    if (message === 'pacs.009') {
      const position = await this.db.netPosition.findFirst({
        where: { windowId, tier: 'regional', partyId: bank.id, currency: window.region.settlementAsset },
      });
      const net = position ? decimal(position.net) : new Decimal(0);
      if (net.isZero()) {
        throw new ProblemError(404, 'not_found', `Central bank ${bank.code} had no net position to settle in window ${window.number}.`);
      }
      return pacs009({
        region,
        window: isoWin,
        centralBank: isoCentralBank(bank),
        direction: net.isNegative() ? 'pay_in' : 'pay_out',
        amount: net.abs(),
      });
    }
    return camt053(await this.statement(window, bank, region, isoWin));
  }

  /** The central bank's settlement-account postings: before the window opened (opening balance) and up to its close. */
  private async statement(
    window: { id: string; openedAt: Date; closedAt: Date | null; region: { settlementAsset: string; clockOffsetMs: bigint } },
    bank: Parameters<typeof isoCentralBank>[0],
    region: ReturnType<typeof isoRegion>,
    isoWin: ReturnType<typeof isoWindow>,
  ) {
    const account = settlementAccount(bank.id);
    const postings = await this.db.posting.findMany({
      where: {
        account,
        currency: window.region.settlementAsset,
        entry: { occurredAt: { lte: window.closedAt ?? sandboxNow(window.region.clockOffsetMs) } },
      },
      include: { entry: true },
      orderBy: { entrySequence: 'asc' },
    });
    let opening = new Decimal(0);
    const entries: StatementEntry[] = [];
    for (const posting of postings) {
      const amount = decimal(posting.amount);
      if (posting.entry.occurredAt <= window.openedAt) {
        opening = opening.plus(amount);
        continue;
      }
      entries.push({
        journalSequence: posting.entry.sequence,
        journalEntryId: posting.entry.id,
        kind: posting.entry.kind,
        description: posting.entry.description,
        amount,
        bookedAt: posting.entry.occurredAt,
        ...(posting.entry.kind === 'settlement' && posting.entry.reference === window.id ? { settlementOf: isoWin } : {}),
      });
    }
    const closing = entries.reduce((total, e) => total.plus(e.amount), opening);
    return { region, window: isoWin, centralBank: isoCentralBank(bank), openingBalance: opening, closingBalance: closing, entries };
  }
}
