import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';
import { fundingAccount, type JournalEntryDraft, settlementAccount } from '../../../../core/ledger';
import type { Role } from '../../../access/principal';
import { issueApiKey } from '../../../access/api-keys';
import { JournalWriter } from '../../../ledger/journal.writer';
import { WindowOpener } from '../../../settlement/window-opener';
import { newId } from '../../../shared/ids';
import { type Db, isUniqueViolation, PRISMA, type Tx } from '../../../shared/persistence';
import { DomainError } from '../../../../core/errors';
import { sandboxNow } from '../../../../core/time';
import { presentWindow } from '../../../settlement/window.presenter';
import { RegionLoadedEvent } from '../../events/region-loaded.event';
import { presentCentralBank, presentMerchant, presentParticipant, presentRegion } from '../../region.presenter';
import { LoadRegionCommand } from './load-region.command';
import { type CheckedRegion, checkRegionDefinition } from './region-definition';

@CommandHandler(LoadRegionCommand)
export class LoadRegionHandler implements ICommandHandler<LoadRegionCommand, Schemas['RegionLoadResult']> {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    private readonly journal: JournalWriter,
    private readonly windows: WindowOpener,
    private readonly events: EventBus,
  ) {}

  async execute({ definition }: LoadRegionCommand): Promise<Schemas['RegionLoadResult']> {
    const checked = checkRegionDefinition(definition);
    const regionId = newId('reg');
    // A new region's test clock starts at the wall clock (offset 0).
    const now = sandboxNow(0);
    const keys: Schemas['RegionLoadResult']['api_keys'] = [];

    const result = await this.create(checked, regionId, now, keys);
    this.events.publish(new RegionLoadedEvent(regionId));
    return { ...result, api_keys: keys };
  }

  private async create(checked: CheckedRegion, regionId: string, now: Date, keys: Schemas['RegionLoadResult']['api_keys']) {
    const { definition } = checked;
    const existing = await this.db.region.findUnique({ where: { name: definition.name }, select: { id: true } });
    if (existing) throw regionNameTaken(definition.name, existing.id);
    try {
      return await this.db.$transaction((tx) => this.insert(tx, checked, regionId, now, keys));
    } catch (error) {
      // Two loads of one name at once: the unique name lets only the first commit.
      if (isUniqueViolation(error)) throw regionNameTaken(definition.name);
      throw error;
    }
  }

  private async insert(tx: Tx, checked: CheckedRegion, regionId: string, now: Date, keys: Schemas['RegionLoadResult']['api_keys']) {
    const { definition } = checked;
    const asset = definition.settlement_asset;
    const region = await tx.region.create({
      data: {
        id: regionId,
        name: definition.name,
        settlementAsset: asset,
        ...checked.cycle,
        ...checked.settlementModel,
        fxSpreadBps: checked.fxSpreadBps.toFixed(),
        feeBps: checked.feeBps.toFixed(),
        quoteTtlSeconds: definition.quote_ttl_seconds ?? 300,
        authorizationTtlSeconds: definition.authorization_ttl_seconds ?? 604800,
        createdAt: now,
      },
    });
    await tx.fxRate.createMany({
      data: [...checked.rates].map(([currency, rate]) => ({ regionId, currency, rate: rate.toFixed(), updatedAt: now })),
    });
    const fxProviders = checked.fxProviders.map((provider) => ({
      id: newId('fxp'),
      regionId,
      code: provider.code,
      name: provider.name,
      spreadBps: provider.spreadBps.toFixed(),
      currencies: provider.currencies,
      createdAt: now,
    }));
    if (fxProviders.length > 0) await tx.fxProvider.createMany({ data: fxProviders });

    const banks: Schemas['CentralBank'][] = [];
    const participants: Schemas['Participant'][] = [];
    const merchants: Schemas['Merchant'][] = [];
    const apiKeys: { id: string; keyHash: string; prefix: string; role: Role; regionId: string; subjectId: string | null }[] = [];
    const issue = (role: Role, subjectId: string | null, subjectCode: string | null) => {
      const issued = issueApiKey(role);
      apiKeys.push({ id: newId('key'), keyHash: issued.keyHash, prefix: issued.prefix, role, regionId, subjectId });
      keys.push({ role, subject_id: subjectId, subject_code: subjectCode, key: issued.key });
    };
    issue('operator', null, null);
    const prefunding: JournalEntryDraft['postings'][number][] = [];

    for (const [i, bankDefinition] of definition.central_banks.entries()) {
      const liquidity = checked.centralBanks[i]!;
      const bank = await tx.centralBank.create({
        data: {
          id: newId('cb'),
          regionId,
          code: bankDefinition.code,
          name: bankDefinition.name,
          country: bankDefinition.country,
          currency: bankDefinition.currency,
          prefundedBalance: liquidity.prefundedBalance.toFixed(),
          netDebitCap: liquidity.netDebitCap.toFixed(),
          createdAt: now,
        },
      });
      banks.push(presentCentralBank(bank, asset));
      issue('central_bank', bank.id, bank.code);
      if (liquidity.prefundedBalance.gt(0)) {
        prefunding.push({ account: settlementAccount(bank.id), currency: asset, amount: liquidity.prefundedBalance });
        prefunding.push({ account: fundingAccount(bank.id), currency: asset, amount: liquidity.prefundedBalance.neg() });
      }
      for (const [j, participantDefinition] of (bankDefinition.participants ?? []).entries()) {
        const fees = liquidity.participants[j]!;
        const participant = await tx.participant.create({
          data: {
            id: newId('par'),
            regionId,
            centralBankId: bank.id,
            code: participantDefinition.code,
            name: participantDefinition.name,
            kind: participantDefinition.kind,
            feeBps: fees.feeBps?.toFixed() ?? null,
            fixedFee: fees.fixedFee?.toFixed() ?? null,
            createdAt: now,
          },
        });
        participants.push(presentParticipant(participant, bank.currency));
        issue('participant', participant.id, participant.code);
        for (const merchantDefinition of participantDefinition.merchants ?? []) {
          const merchant = await tx.merchant.create({
            data: {
              id: newId('mer'),
              regionId,
              participantId: participant.id,
              code: merchantDefinition.code,
              name: merchantDefinition.name,
              createdAt: now,
            },
          });
          merchants.push(presentMerchant(merchant, bank.id, bank.currency));
          issue('merchant', merchant.id, merchant.code);
        }
      }
    }
    await tx.apiKey.createMany({ data: apiKeys });
    if (prefunding.length > 0) {
      await this.journal.append(tx, [
        {
          id: `je_${regionId}_prefunding`,
          kind: 'prefunding',
          description: `Opening prefunded balances of ${definition.name}`,
          reference: regionId,
          regionId,
          occurredAt: now,
          postings: prefunding,
        },
      ]);
    }
    const window = await this.windows.open(tx, regionId, 1, now);
    return {
      region: presentRegion(region, fxProviders),
      central_banks: banks,
      participants,
      merchants,
      settlement_window: presentWindow(window, asset),
    };
  }
}

function regionNameTaken(name: string, id?: string): DomainError {
  return new DomainError('region_conflict', `A region named "${name}" already exists${id ? ` (${id})` : ''}.`, 'name');
}
