import { arch, availableParallelism, cpus, loadavg, platform, totalmem } from 'node:os';

export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryGiB: number;
  /** 1, 5 and 15 minute load averages when the run started: above nproc, others were using the CPUs. */
  loadAverage: number[];
}

/** The machine the load generator runs on (and, for local runs, the service too). */
export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${platform()}/${arch()}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
