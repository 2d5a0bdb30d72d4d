import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export type Role = 'operator' | 'central_bank' | 'participant' | 'merchant';

/**
 * Who is calling, resolved from the API key. `regionId` is null only for the platform operator, who
 * sees every region; every other key is bound to one region and, except operators, to one subject
 * (central bank, participant or merchant id).
 */
export interface Principal {
  keyId: string;
  role: Role;
  regionId: string | null;
  subjectId: string | null;
}

export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The caller of the current request; the API-key guard has already authenticated it. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.principal;
});

export const PUBLIC_ROUTE = 'corridor:public';
/** Marks a route that needs no API key (health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
