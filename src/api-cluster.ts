import cluster, { type Worker } from 'node:cluster';
import type { AppConfig } from './config/app-config';

/** Set by the cluster's primary on each API process it starts: which one it is, from 0. */
const PROCESS_INDEX = 'CORRIDOR_API_PROCESS_INDEX';

/** What an API process tells the primary once it serves. */
interface Listening {
  type: 'corridor:listening';
  url: string;
  databaseDescription: string;
}

/** True in the primary of a multi-process service, which only supervises the API processes. */
export function isClusterPrimary(config: AppConfig): boolean {
  return (config.apiProcesses ?? 1) > 1 && cluster.isPrimary;
}

/**
 * This process's share of the work. Alone, it does everything. In a cluster, every process serves the
 * API on the shared port and process 0 alone runs the job workers (settlement, webhooks, schedulers, the
 * resumption of interrupted windows), so nothing is scheduled or resumed twice; the others still write
 * schedules to Redis when a region changes.
 */
export function configForThisProcess(config: AppConfig): AppConfig {
  if (!cluster.isWorker) return config;
  const index = Number(process.env[PROCESS_INDEX]);
  return index === 0 ? config : { ...config, runWorkers: false, jobWorkersElsewhere: config.runWorkers };
}

/** Tells the primary (if any) that this API process serves. */
export function reportListening(url: string, databaseDescription: string): void {
  if (cluster.isWorker) process.send?.({ type: 'corridor:listening', url, databaseDescription } satisfies Listening);
}

/**
 * Starts `apiProcesses` API processes and keeps them running: one that dies after it served is started
 * again in its place (process 0 again runs the job workers); one that dies before it ever served stops
 * the whole service, since a bad configuration would only fail again. Resolves once all of them serve.
 * SIGINT and SIGTERM stop them all, each closing gracefully.
 */
export function startApiProcesses(config: AppConfig): Promise<Listening> {
  const count = config.apiProcesses ?? 1;
  // Every process must accept the same operator key, even one generated for this run.
  const env = { CORRIDOR_OPERATOR_KEY: config.operatorKey };
  let stopping = false;
  let alive = 0;
  const serving = new Set<number>();
  return new Promise((resolve, reject) => {
    let first: Listening | undefined;
    const start = (index: number): void => {
      const worker: Worker = cluster.fork({ ...env, [PROCESS_INDEX]: String(index) });
      alive += 1;
      let served = false;
      worker.on('message', (message: Listening) => {
        if (message?.type !== 'corridor:listening') return;
        served = true;
        serving.add(index);
        first ??= message;
        if (serving.size === count) resolve(first);
      });
      worker.on('exit', (code, signal) => {
        alive -= 1;
        serving.delete(index);
        if (stopping) {
          if (alive === 0) process.exit(0);
          return;
        }
        if (!served) {
          stopAll();
          reject(new Error(`API process ${index} exited (${signal ?? code}) before it served; stopping the service`));
          return;
        }
        console.error(`Corridor: API process ${index} (pid ${worker.process.pid}) exited (${signal ?? code}); starting it again`);
        start(index);
      });
    };
    const stopAll = (): void => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stopAll();
        if (alive === 0) process.exit(0);
      });
    }
    for (let index = 0; index < count; index += 1) start(index);
  });
}
