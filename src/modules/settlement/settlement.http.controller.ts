import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { requireRole } from '../access/access-policy';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { CloseWindowCommand } from './commands/close-window/close-window.command';
import { GetWindowPositionsQuery, GetWindowQuery, ListWindowsQuery } from './queries/windows.queries';
import { pageParams } from '../../adapters/http/pagination';

@Controller('v1/settlement-windows')
export class SettlementHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @ValidatedQuery('listSettlementWindows') query: QueryOf<'listSettlementWindows'>) {
    return this.queries.execute(new ListWindowsQuery(principal, { ...pageParams(query), regionId: query.region_id, status: query.status }));
  }

  @Get(':window_id')
  get(@CurrentPrincipal() principal: Principal, @Param('window_id') windowId: string) {
    return this.queries.execute(new GetWindowQuery(principal, windowId));
  }

  /** Closes the window now, whatever its region's cycle, and settles it before answering. */
  @Post(':window_id/close')
  @HttpCode(200)
  async close(@CurrentPrincipal() principal: Principal, @Param('window_id') windowId: string) {
    requireRole(principal, 'operator', 'central_bank');
    // Visibility first: a window of another region is "not found", not "forbidden".
    await this.queries.execute(new GetWindowQuery(principal, windowId));
    await this.commands.execute(new CloseWindowCommand(windowId));
    return this.queries.execute(new GetWindowQuery(principal, windowId));
  }

  @Get(':window_id/positions')
  positions(@CurrentPrincipal() principal: Principal, @Param('window_id') windowId: string) {
    requireRole(principal, 'operator', 'central_bank', 'participant');
    return this.queries.execute(new GetWindowPositionsQuery(principal, windowId));
  }
}
