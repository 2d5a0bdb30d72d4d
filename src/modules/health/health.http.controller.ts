import { Controller, Get } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Schemas } from '../../adapters/http/openapi-document';
import { Public } from '../access/principal';

/** Liveness, and the no-op endpoint benchmarks use as the framework's own ceiling. */
@Controller('health')
export class HealthHttpController {
  @Get()
  @Public()
  @SkipThrottle()
  health(): Schemas['Health'] {
    return { status: 'ok' };
  }
}
