import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Schemas } from '../../adapters/http/openapi-document';
import { ValidatedBody } from '../../adapters/http/validated-body.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { AdvanceClockCommand } from './commands/advance-clock/advance-clock.command';
import { GetClockQuery } from './queries/get-clock.query';

/** A region's test clock. Every key of the region may read and advance it: it is a sandbox. */
@Controller('v1/regions/:region_id/clock')
export class ClockHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  get(@CurrentPrincipal() principal: Principal, @Param('region_id') regionId: string) {
    return this.queries.execute(new GetClockQuery(principal, regionId));
  }

  @Post('advance')
  @HttpCode(200)
  advance(
    @CurrentPrincipal() principal: Principal,
    @Param('region_id') regionId: string,
    @ValidatedBody('ClockAdvanceRequest') body: Schemas['ClockAdvanceRequest'],
  ) {
    return this.commands.execute(new AdvanceClockCommand(principal, regionId, body));
  }
}
