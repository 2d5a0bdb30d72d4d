import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { DomainError, formatAmount, headroom, headroomAlert, parseNonNegativeAmount } from '../../../core';
import type { Principal } from '../../access/principal';
import { newId } from '../../shared/ids';
import { type Db, PRISMA } from '../../shared/persistence';
import { regionNow } from '../../shared/region-time';
import { toDecimal } from '../../shared/wire-format';
import { centralBankInScope, lockCentralBanks } from '../liquidity-access';
import { LiquidityReader } from '../liquidity-reader';
import { presentCapChange, presentLiquidity } from '../liquidity.presenter';

export class SetNetDebitCapCommand {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
    readonly request: Schemas['NetDebitCapRequest'],
  ) {}
}

/** The operator sets a cap; the change and its reason are kept with the old and new values. */
@CommandHandler(SetNetDebitCapCommand)
export class SetNetDebitCapHandler implements ICommandHandler<SetNetDebitCapCommand, Schemas['NetDebitCapChange']> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async execute({ principal, centralBankId, request }: SetNetDebitCapCommand) {
    return this.db.$transaction(async (tx) => {
      const found = await centralBankInScope(tx, principal, centralBankId, ['operator']);
      await lockCentralBanks(tx, [found.id]);
      const bank = await tx.centralBank.findUniqueOrThrow({ where: { id: found.id } });
      const asset = found.region.settlementAsset;
      const cap = parseNonNegativeAmount(request.amount, asset);
      const previous = toDecimal(bank.netDebitCap);
      if (cap.eq(previous)) {
        throw new DomainError(
          'net_debit_cap_unchanged',
          `The net debit cap of ${bank.code} is already ${formatAmount(cap, asset)} ${asset}.`,
          'amount',
        );
      }
      await tx.centralBank.update({ where: { id: bank.id }, data: { netDebitCap: cap.toFixed() } });
      const change = await tx.netDebitCapChange.create({
        data: {
          id: newId('ndc'),
          regionId: bank.regionId,
          centralBankId: bank.id,
          previousCap: previous.toFixed(),
          newCap: cap.toFixed(),
          reason: request.reason,
          changedBy: principal.keyId,
        },
      });
      return presentCapChange(change, asset);
    });
  }
}

export class SetHeadroomAlertCommand {
  constructor(
    readonly principal: Principal,
    readonly centralBankId: string,
    readonly request: Schemas['HeadroomAlertRequest'],
  ) {}
}

/** Sets (or turns off) the threshold; whether headroom is already under it is recorded, so the next event is for the next crossing. */
@CommandHandler(SetHeadroomAlertCommand)
export class SetHeadroomAlertHandler implements ICommandHandler<SetHeadroomAlertCommand, Schemas['CentralBankLiquidity']> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly reader: LiquidityReader,
  ) {}

  async execute({ principal, centralBankId, request }: SetHeadroomAlertCommand) {
    return this.db.$transaction(async (tx) => {
      const found = await centralBankInScope(tx, principal, centralBankId);
      await lockCentralBanks(tx, [found.id]);
      const asset = found.region.settlementAsset;
      const threshold = request.threshold === null ? null : parseNonNegativeAmount(request.threshold, asset, 'threshold');
      const bank = await tx.centralBank.findUniqueOrThrow({ where: { id: found.id } });
      const current = await this.reader.readOne(tx, bank);
      const updated = await tx.centralBank.update({
        where: { id: bank.id },
        data: {
          headroomAlertThreshold: threshold?.toFixed() ?? null,
          // Already under the new threshold counts as crossed: no event until it recovers and falls again.
          headroomLow: headroomAlert(threshold, true, headroom(current.state)).low,
        },
      });
      return presentLiquidity({ ...current, bank: updated }, asset, await regionNow(tx, bank.regionId));
    });
  }
}
