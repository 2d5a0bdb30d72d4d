import type { Scenario } from '../lib/scenario';
import { checkout } from './checkout';
import { closeUnderLoad } from './close-under-load';
import { manualCaptureRefunds } from './manual-capture-refunds';
import { reads } from './reads';

export const SCENARIOS: readonly Scenario[] = [checkout, manualCaptureRefunds, reads, closeUnderLoad];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
