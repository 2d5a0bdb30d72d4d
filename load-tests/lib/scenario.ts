import type { CorridorClient } from './api';
import type { Check } from './no-loss';
import type { PaymentLog } from './payment-log';
import type { LoadedRegion } from './region';
import type { Flow } from './traffic';

export interface RunOptions {
  /** Base URL of the Corridor service under test. */
  url: string;
  /** The platform operator's key: loads the run's region, closes windows, verifies the ledger. */
  operatorKey: string;
  connections: number;
  /** Length of the measured steady state. */
  durationSeconds: number;
  /** Load before the steady state that is not measured (connections, JIT, caches, pools); 0 for none. */
  warmupSeconds: number;
  /** autocannon's per-request timeout. */
  timeoutSeconds: number;
  /** Gate: largest share of failed requests in the steady state (0.001 = 0.1 %). */
  maxErrorRate: number;
  /** Gate: largest p99 of any operation in the steady state. */
  maxP99Ms: number;
  /** close-under-load: seconds between window closes. */
  closeEverySeconds: number;
  /** reads: payments created before the load, for the reads to find. */
  seedPayments: number;
  /** Where `<scenario>-<timestamp>/` is written. */
  outDir: string;
  /** The command line as typed, key left out, for results.json. */
  command: string;
  /** Progress lines (one a second while load runs); none when absent. */
  progress?: (line: string) => void;
}

export interface ScenarioContext {
  /** Client with the platform operator's key. */
  api: CorridorClient;
  region: LoadedRegion;
  log: PaymentLog;
  options: RunOptions;
}

/** What ran beside the steady state, for results.json and the report. */
export interface BackgroundReport {
  summary: string;
  /** Moments to mark on the report's charts, in seconds since the steady state started. */
  events: { at: number; label: string }[];
  details: Record<string, unknown>;
}

/** Work beside the measured steady state; `stop` ends it and says what it did. */
export interface Background {
  stop(): Promise<BackgroundReport>;
}

export interface PreparedScenario {
  flow: Flow<object>;
  duringSteadyState?(): Background;
  /** Checks of this scenario after the load, run before the common no-loss checks. */
  verify?(): Promise<Check[]>;
}

export interface Scenario {
  name: string;
  summary: string;
  prepare(context: ScenarioContext): Promise<PreparedScenario>;
}
