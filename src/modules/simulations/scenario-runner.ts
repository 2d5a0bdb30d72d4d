import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { metricsCsv, queueCsv, renderReportHtml, resolveScenario, runScenario, type ScenarioReport } from '../../simulation';

export interface ScenarioOutputs {
  report: ScenarioReport;
  reportHtml: string;
  metricsCsv: string;
  queueCsv: string;
}

export type ProgressListener = (fraction: number, label: string) => void;

/** Runs a validated scenario document and renders its outputs: the work a worker thread does. */
export function runScenarioDocument(document: unknown, onProgress: ProgressListener): ScenarioOutputs {
  const scenario = resolveScenario(document, { source: 'scenario' });
  const { report } = runScenario(scenario, { onProgress });
  return { report, reportHtml: renderReportHtml(report), metricsCsv: metricsCsv(report), queueCsv: queueCsv(report) };
}

/** Messages from the worker thread. */
export type WorkerMessage =
  { kind: 'progress'; fraction: number; label: string } | { kind: 'done'; outputs: ScenarioOutputs } | { kind: 'failed'; message: string };

const WORKER_FILE = path.join(__dirname, 'scenario.worker.js');

/**
 * Runs a scenario off the event loop: a simulated day can take seconds of CPU, which must not stall
 * the API. The compiled service uses a worker thread; where the worker is not compiled (the test
 * runner executes TypeScript sources) it runs in this thread instead.
 */
export function runScenarioOffThread(document: unknown, onProgress: ProgressListener): Promise<ScenarioOutputs> {
  if (!existsSync(WORKER_FILE)) {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        try {
          resolve(runScenarioDocument(document, onProgress));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { document } });
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.fraction, message.label);
      else if (message.kind === 'done') {
        settled = true;
        resolve(message.outputs);
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the simulation worker stopped with exit code ${code}`));
    });
  });
}
