import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { checkCollateralRelease, collateralCreditValue, parseAmount, parseDecimal } from '../../../core';
import { notFound, requireRole } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { IdempotentExecutor, type IdempotentRequest, type RecordedResponse } from '../../idempotency/idempotent-executor';
import { newId } from '../../shared/ids';
import { type Db, PRISMA, type Tx } from '../../shared/persistence';
import { regionNow } from '../../shared/region-time';
import { toDecimal } from '../../shared/wire-format';
import { centralBankInScope, lockCentralBanks } from '../liquidity-access';
import { LiquidityReader } from '../liquidity-reader';
import { presentPledge } from '../liquidity.presenter';

export class PledgeCollateralCommand {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
    readonly request: Schemas['CollateralPledgeRequest'],
    readonly idempotency: IdempotentRequest,
  ) {}
}

/** A pledge raises the credit line by its value after the haircut, at once. */
@CommandHandler(PledgeCollateralCommand)
export class PledgeCollateralHandler implements ICommandHandler<PledgeCollateralCommand, RecordedResponse<Schemas['CollateralPledge']>> {
  constructor(private readonly idempotency: IdempotentExecutor) {}

  async execute({ principal, centralBankId, request, idempotency }: PledgeCollateralCommand) {
    return this.idempotency.run(idempotency, 201, async (tx) => {
      const bank = await centralBankInScope(tx, principal, centralBankId);
      const asset = bank.region.settlementAsset;
      const amount = parseAmount(request.amount, asset);
      const haircut = parseDecimal(request.haircut_percent, 'haircut_percent', { allowZero: true });
      const pledge = await tx.collateralPledge.create({
        data: {
          id: newId('col'),
          regionId: bank.regionId,
          centralBankId: bank.id,
          amount: amount.toFixed(),
          haircutPercent: haircut.toFixed(),
          creditValue: collateralCreditValue(amount, haircut, asset).toFixed(),
          description: request.description ?? null,
          status: 'pledged',
        },
      });
      return presentPledge(pledge, asset);
    });
  }
}

export class ReleaseCollateralCommand {
  constructor(
    readonly principal: Principal,
    readonly collateralId: string,
    readonly idempotency: IdempotentRequest | undefined,
  ) {}
}

/** Gives collateral back unless the open window's net debit would be left uncovered; idempotent. */
@CommandHandler(ReleaseCollateralCommand)
export class ReleaseCollateralHandler implements ICommandHandler<ReleaseCollateralCommand, RecordedResponse<Schemas['CollateralPledge']>> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly idempotency: IdempotentExecutor,
    private readonly reader: LiquidityReader,
  ) {}

  async execute({ principal, collateralId, idempotency }: ReleaseCollateralCommand) {
    const work = (tx: Tx) => this.release(tx, principal, collateralId);
    if (idempotency) return this.idempotency.run(idempotency, 200, work);
    return { status: 200, body: await this.db.$transaction(work), replayed: false };
  }

  private async release(tx: Tx, principal: Principal, collateralId: string): Promise<Schemas['CollateralPledge']> {
    requireRole(principal, 'operator', 'central_bank');
    const found = await tx.collateralPledge.findFirst({
      where: {
        id: collateralId,
        ...(principal.regionId ? { regionId: principal.regionId } : {}),
        ...(principal.role === 'central_bank' ? { centralBankId: principal.subjectId ?? '' } : {}),
      },
    });
    if (!found) throw notFound('collateral pledge', collateralId);
    await lockCentralBanks(tx, [found.centralBankId]);
    const pledge = await tx.collateralPledge.findUniqueOrThrow({ where: { id: found.id } });
    const bank = await tx.centralBank.findUniqueOrThrow({
      where: { id: pledge.centralBankId },
      include: { region: { select: { settlementAsset: true } } },
    });
    const asset = bank.region.settlementAsset;
    if (pledge.status === 'released') return presentPledge(pledge, asset);
    const { state } = await this.reader.readOne(tx, bank);
    checkCollateralRelease(state, toDecimal(pledge.creditValue), pledge.id, bank.code, asset);
    const released = await tx.collateralPledge.update({
      where: { id: pledge.id },
      data: { status: 'released', releasedAt: await regionNow(tx, bank.regionId) },
    });
    return presentPledge(released, asset);
  }
}
