import type { Machine } from './machine';

/**
 * What every load run records about itself, whatever it measured: when, against what, with which
 * settings (secrets and callbacks left out), on which machine and region, and whether it passed.
 */
export interface RunRecord<Options> {
  /** Every gate and every check passed. */
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  command: string;
  target: { url: string };
  machine: Machine;
  settings: Omit<Options, 'operatorKey' | 'progress' | 'command' | 'url'>;
  region: { id: string; name: string };
}

/** Runs a command's `main`: its result is the exit code; an unexpected error is printed and exits 2. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
