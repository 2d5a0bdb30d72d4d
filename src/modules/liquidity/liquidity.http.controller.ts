import { Controller, Get, Headers, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { Schemas } from '../../adapters/http/openapi-document';
import { pageParams } from '../../adapters/http/pagination';
import { ValidatedBody } from '../../adapters/http/validated-body.pipe';
import { type QueryOf, ValidatedQuery } from '../../adapters/http/validated-query.pipe';
import { CurrentPrincipal, type Principal } from '../access/principal';
import { checkIdempotencyKey } from '../idempotency/idempotent-executor';
import { answer, idempotentRequest, optionalIdempotency } from '../idempotency/idempotent-http';
import { PledgeCollateralCommand, ReleaseCollateralCommand } from './commands/collateral.commands';
import { ClearFaultCommand, InjectFaultCommand } from './commands/fault.commands';
import { ReserveFundingCommand, SettleFundingCommand } from './commands/funding.commands';
import { SetHeadroomAlertCommand, SetNetDebitCapCommand } from './commands/net-debit-cap.commands';
import {
  GetFundingQuery,
  GetLiquidityQuery,
  ListCapChangesQuery,
  ListCollateralQuery,
  ListFaultsQuery,
  ListFundingsQuery,
} from './queries/liquidity.queries';

/** Central banks' liquidity: funding in two phases, collateral, caps, live headroom, and faults for pilots. */
@Controller('v1')
export class LiquidityHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('central-banks/:central_bank_id/funding')
  async reserveFunding(
    @CurrentPrincipal() principal: Principal,
    @Param('central_bank_id') centralBankId: string,
    @ValidatedBody('FundingRequest') body: Schemas['FundingRequest'],
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = idempotentRequest(principal, req, checkIdempotencyKey(key, true)!);
    return answer(res, await this.commands.execute(new ReserveFundingCommand(principal, centralBankId, body, idempotency)));
  }

  @Get('central-banks/:central_bank_id/funding')
  listFundings(
    @CurrentPrincipal() principal: Principal,
    @Param('central_bank_id') centralBankId: string,
    @ValidatedQuery('listFundings') query: QueryOf<'listFundings'>,
  ) {
    return this.queries.execute(new ListFundingsQuery(principal, centralBankId, pageParams(query)));
  }

  @Get('funding/:funding_id')
  getFunding(@CurrentPrincipal() principal: Principal, @Param('funding_id') fundingId: string) {
    return this.queries.execute(new GetFundingQuery(principal, fundingId));
  }

  @Post('funding/:funding_id/commit')
  @HttpCode(200)
  async commitFunding(
    @CurrentPrincipal() principal: Principal,
    @Param('funding_id') fundingId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = optionalIdempotency(principal, req, key);
    return answer(res, await this.commands.execute(new SettleFundingCommand(principal, fundingId, 'commit', idempotency)));
  }

  @Post('funding/:funding_id/abort')
  @HttpCode(200)
  async abortFunding(
    @CurrentPrincipal() principal: Principal,
    @Param('funding_id') fundingId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = optionalIdempotency(principal, req, key);
    return answer(res, await this.commands.execute(new SettleFundingCommand(principal, fundingId, 'abort', idempotency)));
  }

  @Post('central-banks/:central_bank_id/collateral')
  async pledge(
    @CurrentPrincipal() principal: Principal,
    @Param('central_bank_id') centralBankId: string,
    @ValidatedBody('CollateralPledgeRequest') body: Schemas['CollateralPledgeRequest'],
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = idempotentRequest(principal, req, checkIdempotencyKey(key, true)!);
    return answer(res, await this.commands.execute(new PledgeCollateralCommand(principal, centralBankId, body, idempotency)));
  }

  @Get('central-banks/:central_bank_id/collateral')
  listCollateral(
    @CurrentPrincipal() principal: Principal,
    @Param('central_bank_id') centralBankId: string,
    @ValidatedQuery('listCollateral') query: QueryOf<'listCollateral'>,
  ) {
    return this.queries.execute(new ListCollateralQuery(principal, centralBankId, pageParams(query)));
  }

  @Post('collateral/:collateral_id/release')
  @HttpCode(200)
  async release(
    @CurrentPrincipal() principal: Principal,
    @Param('collateral_id') collateralId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = optionalIdempotency(principal, req, key);
    return answer(res, await this.commands.execute(new ReleaseCollateralCommand(principal, collateralId, idempotency)));
  }

  @Put('central-banks/:central_bank_id/net-debit-cap')
  setCap(
    @CurrentPrincipal() principal: Principal,
    @Param('central_bank_id') centralBankId: string,
    @ValidatedBody('NetDebitCapRequest') body: Schemas['NetDebitCapRequest'],
  ) {
    return this.commands.execute(new SetNetDebitCapCommand(principal, centralBankId, body));
  }

  @Get('central-banks/:central_bank_id/net-debit-cap/history')
  capHistory(
    @CurrentPrincipal() principal: Principal,
    @Param('central_bank_id') centralBankId: string,
    @ValidatedQuery('listNetDebitCapChanges') query: QueryOf<'listNetDebitCapChanges'>,
  ) {
    return this.queries.execute(new ListCapChangesQuery(principal, centralBankId, pageParams(query)));
  }

  @Get('central-banks/:central_bank_id/liquidity')
  liquidity(@CurrentPrincipal() principal: Principal, @Param('central_bank_id') centralBankId: string) {
    return this.queries.execute(new GetLiquidityQuery(principal, centralBankId));
  }

  @Put('central-banks/:central_bank_id/headroom-alert')
  setHeadroomAlert(
    @CurrentPrincipal() principal: Principal,
    @Param('central_bank_id') centralBankId: string,
    @ValidatedBody('HeadroomAlertRequest') body: Schemas['HeadroomAlertRequest'],
  ) {
    return this.commands.execute(new SetHeadroomAlertCommand(principal, centralBankId, body));
  }

  @Post('regions/:region_id/faults')
  async injectFault(
    @CurrentPrincipal() principal: Principal,
    @Param('region_id') regionId: string,
    @ValidatedBody('FaultRequest') body: Schemas['FaultRequest'],
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = idempotentRequest(principal, req, checkIdempotencyKey(key, true)!);
    return answer(res, await this.commands.execute(new InjectFaultCommand(principal, regionId, body, idempotency)));
  }

  @Get('regions/:region_id/faults')
  listFaults(
    @CurrentPrincipal() principal: Principal,
    @Param('region_id') regionId: string,
    @ValidatedQuery('listFaults') query: QueryOf<'listFaults'>,
  ) {
    return this.queries.execute(new ListFaultsQuery(principal, regionId, pageParams(query)));
  }

  @Post('faults/:fault_id/clear')
  @HttpCode(200)
  async clearFault(
    @CurrentPrincipal() principal: Principal,
    @Param('fault_id') faultId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotency = optionalIdempotency(principal, req, key);
    return answer(res, await this.commands.execute(new ClearFaultCommand(principal, faultId, idempotency)));
  }
}
