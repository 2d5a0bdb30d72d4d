import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Schemas } from '../../adapters/http/openapi-document';
import { formatAmount } from '../../core/money';
import { requireRole } from '../access/access-policy';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { VerifyLedgerQuery } from './queries/verify-ledger/verify-ledger.query';

@Controller('v1/ledger')
export class LedgerHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('verify')
  async verify(@CurrentPrincipal() principal: Principal): Promise<Schemas['LedgerVerification']> {
    requireRole(principal, 'operator');
    const result = await this.queries.execute(new VerifyLedgerQuery());
    return {
      ok: result.ok,
      entries_checked: result.entriesChecked,
      last_sequence: result.lastSequence === null ? null : result.lastSequence.toString(),
      last_hash: result.lastHash,
      first_invalid: result.firstInvalid
        ? { sequence: result.firstInvalid.sequence.toString(), entry_id: result.firstInvalid.entryId, reason: result.firstInvalid.reason }
        : null,
      balances: result.balancesByCurrency.map((b) => ({ currency: b.currency, total: formatAmount(b.total, b.currency) })),
    };
  }
}
