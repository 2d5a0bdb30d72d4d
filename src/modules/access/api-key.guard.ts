import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { ProblemError } from '../../adapters/http/problem';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type Db, PRISMA } from '../shared/persistence';
import { hashApiKey } from './api-keys';
import { type Principal, PUBLIC_ROUTE, type RequestWithPrincipal } from './principal';

/**
 * Authenticates every route except those marked `@Public()`: `Authorization: Bearer <key>`. Keys are
 * immutable once issued, so resolved principals are cached by digest.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache = new Map<string, Principal>();
  private readonly operatorKey: Buffer;

  constructor(
    private readonly reflector: Reflector,
    @Inject(PRISMA) private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.operatorKey = Buffer.from(config.operatorKey);
  }

  /** Synchronous for a key already known (nearly every request), so it costs no promise; a new key is looked up once. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal & { headers: Record<string, string | undefined> }>();
    const key = bearerKey(request.headers.authorization);
    if (sameSecret(key, this.operatorKey)) {
      request.principal = OPERATOR;
      return true;
    }
    const digest = hashApiKey(key);
    const cached = this.cache.get(digest);
    if (cached) {
      request.principal = cached;
      return true;
    }
    return this.lookUp(digest).then((principal) => {
      request.principal = principal;
      return true;
    });
  }

  private async lookUp(digest: string): Promise<Principal> {
    const row = await this.db.apiKey.findUnique({ where: { keyHash: digest } });
    if (!row) throw new ProblemError(401, 'unauthorized', 'The API key is not recognised.');
    const principal: Principal = { keyId: row.id, role: row.role, regionId: row.regionId, subjectId: row.subjectId };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(digest, principal);
    return principal;
  }
}

const OPERATOR: Principal = Object.freeze({ keyId: 'operator', role: 'operator', regionId: null, subjectId: null });

function bearerKey(header: string | undefined): string {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) {
    throw new ProblemError(401, 'unauthorized', 'Send your API key as "Authorization: Bearer <key>".');
  }
  return match[1];
}

function sameSecret(given: string, secret: Buffer): boolean {
  const left = Buffer.from(given);
  return left.length === secret.length && timingSafeEqual(left, secret);
}
