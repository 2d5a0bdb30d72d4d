import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { ProblemError } from '../../../adapters/http/problem';
import { checkWithdrawal, DomainError, parseAmount } from '../../../core';
import type { Funding } from '../../../generated/prisma/client';
import { notFound, requireRole } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { IdempotentExecutor, type IdempotentRequest, type RecordedResponse } from '../../idempotency/idempotent-executor';
import { newId } from '../../shared/ids';
import { type Db, PRISMA, type Tx } from '../../shared/persistence';
import { regionNow } from '../../shared/region-time';
import { FundingPoster } from '../funding-poster';
import { centralBankInScope, lockCentralBanks } from '../liquidity-access';
import { LiquidityReader } from '../liquidity-reader';
import { presentFunding } from '../liquidity.presenter';

export class ReserveFundingCommand {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
    readonly request: Schemas['FundingRequest'],
    readonly idempotency: IdempotentRequest,
  ) {}
}

/** Phase one: a reserved prefund or withdrawal; a withdrawal is checked against what the bank can spare. */
@CommandHandler(ReserveFundingCommand)
export class ReserveFundingHandler implements ICommandHandler<ReserveFundingCommand, RecordedResponse<Schemas['Funding']>> {
  constructor(
    private readonly idempotency: IdempotentExecutor,
    private readonly reader: LiquidityReader,
  ) {}

  async execute({ principal, centralBankId, request, idempotency }: ReserveFundingCommand) {
    return this.idempotency.run(idempotency, 201, async (tx) => {
      const bank = await centralBankInScope(tx, principal, centralBankId);
      const asset = bank.region.settlementAsset;
      const amount = parseAmount(request.amount, asset);
      if (request.direction === 'withdraw') {
        await lockCentralBanks(tx, [bank.id]);
        const fresh = await tx.centralBank.findUniqueOrThrow({ where: { id: bank.id } });
        const { state } = await this.reader.readOne(tx, fresh);
        checkWithdrawal(state, amount, bank.code, asset);
      }
      const funding = await tx.funding.create({
        data: {
          id: newId('fnd'),
          regionId: bank.regionId,
          centralBankId: bank.id,
          direction: request.direction,
          amount: amount.toFixed(),
          status: 'reserved',
          requestedBy: principal.keyId,
        },
      });
      return presentFunding(funding, asset);
    });
  }
}

export class SettleFundingCommand {
  constructor(
    readonly principal: Principal,
    readonly fundingId: string,
    readonly outcome: 'commit' | 'abort',
    readonly idempotency: IdempotentRequest | undefined,
  ) {}
}

/**
 * Phase two, idempotent: commit posts and moves the balance, abort releases; repeating the same outcome
 * answers the funding as it is, the other outcome is `409 invalid_funding_state`.
 */
@CommandHandler(SettleFundingCommand)
export class SettleFundingHandler implements ICommandHandler<SettleFundingCommand, RecordedResponse<Schemas['Funding']>> {
  constructor(
    private readonly idempotency: IdempotentExecutor,
    private readonly poster: FundingPoster,
    @Inject(PRISMA) private readonly db: Db,
  ) {}

  async execute({ principal, fundingId, outcome, idempotency }: SettleFundingCommand) {
    const work = (tx: Tx) => this.settle(tx, principal, fundingId, outcome);
    if (idempotency) return this.idempotency.run(idempotency, 200, work);
    return { status: 200, body: await this.db.$transaction(work), replayed: false };
  }

  private async settle(tx: Tx, principal: Principal, fundingId: string, outcome: 'commit' | 'abort'): Promise<Schemas['Funding']> {
    requireRole(principal, 'operator', 'central_bank');
    await tx.$queryRaw`SELECT id FROM fundings WHERE id = ${fundingId} FOR UPDATE`;
    const funding = await findFunding(tx, principal, fundingId);
    const asset = (await tx.region.findUniqueOrThrow({ where: { id: funding.regionId }, select: { settlementAsset: true } }))
      .settlementAsset;
    const done = outcome === 'commit' ? 'committed' : 'aborted';
    if (funding.status === done) return presentFunding(funding, asset);
    if (funding.status !== 'reserved') {
      throw new DomainError('invalid_funding_state', `Funding ${funding.id} is ${funding.status}; only a reserved funding can be ${done}.`);
    }
    const hold = await tx.fault.findFirst({ where: { fundingId: funding.id, kind: 'late_funding', status: 'active' } });
    if (hold) {
      throw new ProblemError(
        409,
        'funding_delayed',
        `Funding ${funding.id} is held by the late_funding fault ${hold.id}: it commits by itself right after the region's next close.`,
      );
    }
    const now = await regionNow(tx, funding.regionId);
    const settled =
      outcome === 'commit'
        ? await this.poster.commit(tx, funding, asset, now)
        : await tx.funding.update({ where: { id: funding.id }, data: { status: 'aborted', abortedAt: now } });
    return presentFunding(settled, asset);
  }
}

/** The funding if the key may see it (callers require the operator or central-bank role): the operator of its region, or its own central bank. */
export async function findFunding(db: Tx, principal: Principal, fundingId: string): Promise<Funding> {
  const funding = await db.funding.findFirst({
    where: {
      id: fundingId,
      ...(principal.regionId ? { regionId: principal.regionId } : {}),
      ...(principal.role === 'central_bank' ? { centralBankId: principal.subjectId ?? '' } : {}),
    },
  });
  if (!funding) throw notFound('funding', fundingId);
  return funding;
}
