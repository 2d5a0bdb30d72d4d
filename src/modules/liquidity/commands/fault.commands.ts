import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../adapters/http/openapi-document';
import { DomainError } from '../../../core';
import { notFound, requireRole } from '../../access/access-policy';
import type { Principal } from '../../access/principal';
import { IdempotentExecutor, type IdempotentRequest, type RecordedResponse } from '../../idempotency/idempotent-executor';
import { newId } from '../../shared/ids';
import { type Db, PRISMA, type Tx } from '../../shared/persistence';
import { regionNow } from '../../shared/region-time';
import { presentFault } from '../liquidity.presenter';
import { requireVisibleRegion } from '../../regions/region-scope';

/** Which target each kind of fault names. */
const TARGETS: Record<Schemas['FaultKind'], readonly ('central_bank_id' | 'participant_id' | 'funding_id')[]> = {
  member_default: ['central_bank_id'],
  suspension: ['central_bank_id', 'participant_id'],
  late_funding: ['funding_id'],
};

export class InjectFaultCommand {
  constructor(
    readonly principal: Principal,
    readonly regionId: string,
    readonly request: Schemas['FaultRequest'],
    readonly idempotency: IdempotentRequest,
  ) {}
}

/** The operator injects a fault; what it names must be in the region, and each kind names what it needs. */
@CommandHandler(InjectFaultCommand)
export class InjectFaultHandler implements ICommandHandler<InjectFaultCommand, RecordedResponse<Schemas['Fault']>> {
  constructor(private readonly idempotency: IdempotentExecutor) {}

  async execute({ principal, regionId, request, idempotency }: InjectFaultCommand) {
    requireRole(principal, 'operator');
    return this.idempotency.run(idempotency, 201, async (tx) => {
      await requireVisibleRegion(tx, principal, regionId);
      const target = await this.target(tx, regionId, request);
      const fault = await tx.fault.create({
        data: { id: newId('flt'), regionId, kind: request.kind, ...target, note: request.note ?? null, status: 'active' },
      });
      return presentFault(fault);
    });
  }

  private async target(tx: Tx, regionId: string, request: Schemas['FaultRequest']) {
    const allowed = TARGETS[request.kind];
    for (const field of ['central_bank_id', 'participant_id', 'funding_id'] as const) {
      if (request[field] !== undefined && !allowed.includes(field)) {
        throw new DomainError('validation_failed', `A ${request.kind} fault does not take ${field}.`, field);
      }
    }
    if (!allowed.some((field) => request[field] !== undefined)) {
      throw new DomainError('validation_failed', `A ${request.kind} fault needs ${allowed.join(' or ')}.`, allowed[0]);
    }
    switch (request.kind) {
      case 'member_default': {
        return { centralBankId: await this.bank(tx, regionId, request.central_bank_id!) };
      }
      case 'suspension': {
        if (request.central_bank_id !== undefined && request.participant_id !== undefined) {
          throw new DomainError('validation_failed', 'A suspension names a central bank or a participant, not both.', 'participant_id');
        }
        if (request.participant_id !== undefined) {
          const participant = await tx.participant.findFirst({ where: { id: request.participant_id, regionId } });
          if (!participant)
            throw new DomainError(
              'reference_not_found',
              `No participant ${request.participant_id} in region ${regionId}.`,
              'participant_id',
            );
          return { participantId: participant.id };
        }
        return { centralBankId: await this.bank(tx, regionId, request.central_bank_id!) };
      }
      case 'late_funding': {
        const funding = await tx.funding.findFirst({ where: { id: request.funding_id!, regionId } });
        if (!funding) throw new DomainError('reference_not_found', `No funding ${request.funding_id} in region ${regionId}.`, 'funding_id');
        if (funding.direction !== 'prefund' || funding.status !== 'reserved') {
          throw new DomainError(
            'validation_failed',
            `Funding ${funding.id} is not a reserved prefund (${funding.direction}, ${funding.status}).`,
            'funding_id',
          );
        }
        return { fundingId: funding.id, centralBankId: funding.centralBankId };
      }
    }
  }

  private async bank(tx: Tx, regionId: string, id: string): Promise<string> {
    const bank = await tx.centralBank.findFirst({ where: { id, regionId }, select: { id: true } });
    if (!bank) throw new DomainError('reference_not_found', `No central bank ${id} in region ${regionId}.`, 'central_bank_id');
    return bank.id;
  }
}

export class ClearFaultCommand {
  constructor(
    readonly principal: Principal,
    readonly faultId: string,
    readonly idempotency: IdempotentRequest | undefined,
  ) {}
}

/** Ends an active fault; an applied or cleared one is answered as it is. */
@CommandHandler(ClearFaultCommand)
export class ClearFaultHandler implements ICommandHandler<ClearFaultCommand, RecordedResponse<Schemas['Fault']>> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly idempotency: IdempotentExecutor,
  ) {}

  async execute({ principal, faultId, idempotency }: ClearFaultCommand) {
    requireRole(principal, 'operator');
    const work = async (tx: Tx) => {
      await tx.$queryRaw`SELECT id FROM faults WHERE id = ${faultId} FOR UPDATE`;
      const fault = await tx.fault.findFirst({ where: { id: faultId, ...(principal.regionId ? { regionId: principal.regionId } : {}) } });
      if (!fault) throw notFound('fault', faultId);
      if (fault.status !== 'active') return presentFault(fault);
      return presentFault(
        await tx.fault.update({ where: { id: fault.id }, data: { status: 'cleared', clearedAt: await regionNow(tx, fault.regionId) } }),
      );
    };
    if (idempotency) return this.idempotency.run(idempotency, 200, work);
    return { status: 200, body: await this.db.$transaction(work), replayed: false };
  }
}
