import type { Schemas } from '../../adapters/http/openapi-document';
import { sandboxNow } from '../../core/time';
import { wireTime } from '../shared/wire-format';

/** A region's test clock as the API shows it, read at `wallClock`. */
export function presentClock(region: { id: string; clockOffsetMs: bigint }, wallClock: Date = new Date()): Schemas['SandboxClock'] {
  return {
    region_id: region.id,
    now: wireTime(sandboxNow(region.clockOffsetMs, wallClock)),
    // Milliseconds fit a JSON number for 285,000 years of advances.
    offset_ms: Number(region.clockOffsetMs),
    wall_clock: wireTime(wallClock),
  };
}
