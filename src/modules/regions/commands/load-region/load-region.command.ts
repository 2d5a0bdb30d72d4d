import { Command } from '@nestjs/cqrs';
import type { Schemas } from '../../../../adapters/http/openapi-document';

/** Loads a whole region — central banks, participants, merchants, FX rates — from one document. */
export class LoadRegionCommand extends Command<Schemas['RegionLoadResult']> {
  constructor(readonly definition: Schemas['RegionDefinition']) {
    super();
  }
}
